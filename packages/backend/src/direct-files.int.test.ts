import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProsody, type TestServer } from '@parley/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptAndCompare, directPair, offer, randomFile } from './test-support/direct-files.js';
import type { Harness } from './test-support/harness.js';
import { ibbTransportKind } from './runtime/files/direct/ibb-transport.js';
import { s5bTransportKind } from './runtime/files/direct/s5b-transport.js';
import type { DirectTransportKind } from './runtime/files/direct/transport.js';

let server: TestServer;
let work: string;
const opened: Harness[] = [];

beforeAll(async () => {
  server = await startProsody({ proxy65: true });
  work = mkdtempSync(join(tmpdir(), 'parley-direct-int-'));
});
afterAll(async () => {
  await Promise.all(opened.map((h) => h.close(true)));
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

const ibbOnly = { directTransports: [ibbTransportKind()] };
/** SOCKS5 with our own listener on loopback only (no proxy), then IBB. */
const loopbackDirect = {
  directTransports: [
    s5bTransportKind({ hosts: () => ['127.0.0.1'], proxy: false }),
    ibbTransportKind(),
  ],
};
/** Direct candidates that lead nowhere (TEST-NET-1, RFC 5737): only the proxy can work. */
const proxyOnly = {
  directTransports: [
    s5bTransportKind({ hosts: () => ['192.0.2.1'], connectMs: 1_000 }),
    ibbTransportKind(),
  ],
};
/** SOCKS5 offered with no candidate at all: it fails at once and IBB takes over. */
const noSocks = {
  directTransports: [s5bTransportKind({ hosts: () => [], proxy: false }), ibbTransportKind()],
};

describe('direct file transfer (XEP-0234) between two Parley backends', () => {
  it('offers, waits for the accept, and moves the file over in-band bytestreams', async () => {
    const [ann, ben] = await directPair(server, opened, ibbOnly, ibbOnly);
    const support = await ann.h.call('files.directSupport', {
      accountId: ann.account.id,
      peer: ben.account.jid,
    });
    expect(support).toEqual({ supported: true, transports: ['ibb'] });
    const file = randomFile(work, 'notes.bin', 200_000);
    const [sent, message] = await offer(ann, ben, file.path);
    expect(sent).toMatchObject({ direction: 'upload', name: 'notes.bin', size: 200_000 });
    // No transport yet; encrypted or not as the conversation's OMEMO default fell (its own test).
    expect(sent.direct?.transport).toBeNull();
    expect(message.attachment).toMatchObject({
      direct: true,
      name: 'notes.bin',
      size: 200_000,
      sha256: file.sha256,
    });
    // Nothing moves before the user accepts.
    await new Promise((r) => setTimeout(r, 300));
    expect(ben.h.store.transfers.forMessage(ben.account.id, message.id)).toBeNull();
    const [up, down] = await acceptAndCompare(ann, ben, sent, message, file.path);
    expect(down.direct?.transport).toBe('ibb');
    expect(up.bytes).toBe(200_000);
    // No temp file is left beside it.
    expect(readdirSync(join(ben.h.dir, 'Downloads'))).toEqual(['notes.bin']);
  });

  it('moves the file over a direct SOCKS5 connection (XEP-0260) when one side reaches the other', async () => {
    const [ann, ben] = await directPair(server, opened, loopbackDirect, loopbackDirect);
    const support = await ann.h.call('files.directSupport', {
      accountId: ann.account.id,
      peer: ben.account.jid,
    });
    expect(support).toEqual({ supported: true, transports: ['socks5', 'ibb'] });
    const file = randomFile(work, 'direct.bin', 3 * 1024 * 1024);
    const [sent, message] = await offer(ann, ben, file.path);
    const [up, down] = await acceptAndCompare(ann, ben, sent, message, file.path);
    expect(down.direct?.transport).toBe('socks5');
    expect(up.direct?.transport).toBe('socks5');
  });

  it('loses no byte when the receiver starts reading a moment after the connection', async () => {
    // The receiver's transport hands its stream over late (as a slow disk or a busy process
    // would): the bytes that come meanwhile must wait in the socket, not be dropped.
    const late: DirectTransportKind = {
      ...s5bTransportKind({ hosts: () => ['127.0.0.1'], proxy: false }),
    };
    const inner = late.create;
    late.create = (ctx) => {
      const t = inner(ctx);
      const connect = t.connect.bind(t);
      return Object.assign(t, {
        connect: async () => {
          const stream = await connect();
          if (ctx.role === 'responder') await new Promise((r) => setTimeout(r, 500));
          return stream;
        },
      });
    };
    const [ann, ben] = await directPair(server, opened, loopbackDirect, {
      directTransports: [late],
    });
    const file = randomFile(work, 'late.bin', 2 * 1024 * 1024);
    const [sent, message] = await offer(ann, ben, file.path);
    const [, down] = await acceptAndCompare(ann, ben, sent, message, file.path);
    expect(down.direct?.transport).toBe('socks5');
  });

  it('goes through the server’s SOCKS5 proxy (XEP-0065) when no direct candidate works', async () => {
    const [ann, ben] = await directPair(server, opened, proxyOnly, proxyOnly);
    const file = randomFile(work, 'proxied.bin', 1024 * 1024);
    const [sent, message] = await offer(ann, ben, file.path);
    const [, down] = await acceptAndCompare(ann, ben, sent, message, file.path);
    expect(down.direct?.transport).toBe('socks5');
  });

  it('falls back to in-band bytestreams by transport-replace when SOCKS5 fails', async () => {
    const [ann, ben] = await directPair(server, opened, noSocks, noSocks);
    const file = randomFile(work, 'fallback.bin', 100_000);
    const [sent, message] = await offer(ann, ben, file.path);
    const [up, down] = await acceptAndCompare(ann, ben, sent, message, file.path);
    expect(down.direct?.transport).toBe('ibb');
    expect(up.direct?.transport).toBe('ibb');
  });
});
