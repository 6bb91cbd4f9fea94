// Direct files over the XEP-0343 data channel between two Parley backends through Prosody: the
// Jingle signalling goes through the server, the bytes over werift on loopback.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Transfer } from '@parley/contract';
import { startProsody, type TestServer } from '@parley/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptAndCompare, directPair, offer, randomFile } from './test-support/direct-files.js';
import type { Harness } from './test-support/harness.js';
import { ibbTransportKind } from './runtime/files/direct/ibb-transport.js';
import { s5bTransportKind } from './runtime/files/direct/s5b-transport.js';
import { webrtcTransportKind } from './runtime/files/direct/webrtc-transport.js';

let server: TestServer;
let work: string;
const opened: Harness[] = [];

beforeAll(async () => {
  server = await startProsody();
  work = mkdtempSync(join(tmpdir(), 'parley-direct-webrtc-'));
});
afterAll(async () => {
  await Promise.all(opened.map((h) => h.close(true)));
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

const noServers = () => Promise.resolve([]);
/** ICE on loopback only. */
const webrtc = webrtcTransportKind({ iceServers: noServers, hostAddresses: ['127.0.0.1'] });
/** A data channel that cannot connect: neither side announces an address the other can reach. */
const unreachable = webrtcTransportKind({
  iceServers: noServers,
  hostAddresses: ['192.0.2.250'],
  connectTimeoutMs: 2_000,
});
const both = { directTransports: [webrtc, ibbTransportKind()] };

describe('direct files over a WebRTC data channel (XEP-0343)', () => {
  it('sends a file over the data channel, hash checked', async () => {
    const [ann, ben] = await directPair(server, opened, both, both);
    const support = await ann.h.call('files.directSupport', {
      accountId: ann.account.id,
      peer: ben.account.jid,
    });
    expect(support).toEqual({ supported: true, transports: ['webrtc', 'ibb'] });
    const file = randomFile(work, 'photo.raw', 2_500_000);
    const [sent, message] = await offer(ann, ben, file.path);
    expect(message.attachment).toMatchObject({
      direct: true,
      size: 2_500_000,
      sha256: file.sha256,
    });
    const [up, down] = await acceptAndCompare(ann, ben, sent, message, file.path);
    expect(up.direct?.transport).toBe('webrtc');
    expect(down.direct?.transport).toBe('webrtc');
    expect(down.bytes).toBe(2_500_000);
  }, 120_000);

  it('is neither announced by nor offered to a peer without the data channel', async () => {
    const [ann, ben] = await directPair(server, opened, both, {
      directTransports: [ibbTransportKind()],
    });
    const [toBen, toAnn] = await Promise.all([
      ann.h.call('files.directSupport', { accountId: ann.account.id, peer: ben.account.jid }),
      ben.h.call('files.directSupport', { accountId: ben.account.id, peer: ann.account.jid }),
    ]);
    expect(toBen).toEqual({ supported: true, transports: ['ibb'] });
    expect(toAnn).toEqual({ supported: true, transports: ['ibb'] });
  }, 60_000);

  it('falls back by transport-replace when the data channel cannot connect', async () => {
    const options = { directTransports: [unreachable, s5bTransportKind(), ibbTransportKind()] };
    const [ann, ben] = await directPair(server, opened, options, options);
    const file = randomFile(work, 'fallback.bin', 300_000);
    const [sent, message] = await offer(ann, ben, file.path);
    const [up, down] = await acceptAndCompare(ann, ben, sent, message, file.path);
    // The data channel was tried first, then replaced by the next transport both sides have.
    const routes = ann.h.events
      .filter((e) => e.name === 'transfer.changed')
      .map((e) => e.payload as Transfer)
      .filter((t) => t.id === sent.id)
      .map((t) => t.direct?.transport ?? null);
    expect(routes).toContain('webrtc');
    expect(up.direct?.transport).toBe('socks5');
    expect(down.direct?.transport).toBe('socks5');
    expect(routes.indexOf('webrtc')).toBeLessThan(routes.indexOf('socks5'));
  }, 120_000);
});
