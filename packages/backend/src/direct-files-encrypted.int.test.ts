import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duplex, PassThrough } from 'node:stream';
import { startProsody, type TestServer } from '@parley/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Device } from './test-support/accounts.js';
import {
  acceptAndCompare,
  corrupting,
  directPair,
  offer,
  randomFile,
  settled,
  type DirectOptions,
} from './test-support/direct-files.js';
import { eventually, type Harness } from './test-support/harness.js';
import { s5bTransportKind } from './runtime/files/direct/s5b-transport.js';
import type { DirectTransportKind } from './runtime/files/direct/transport.js';

// JET-OMEMO (XEP-0391/0396) between two Parley backends through Prosody: in a conversation that
// uses OMEMO the file's bytes go AES-GCM encrypted, the key sealed to the receiver's devices.
let server: TestServer;
let work: string;
const opened: Harness[] = [];

beforeAll(async () => {
  server = await startProsody();
  work = mkdtempSync(join(tmpdir(), 'parley-jet-int-'));
});
afterAll(async () => {
  await Promise.all(opened.map((h) => h.close(true)));
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

const socks = () => s5bTransportKind({ hosts: () => ['127.0.0.1'], proxy: false });

/** The receiver's transport, keeping a copy of every byte that came over the wire. */
function recording(kind: DirectTransportKind, wire: Buffer[]): DirectTransportKind {
  return {
    ...kind,
    create: (ctx) => {
      const inner = kind.create(ctx);
      return {
        ...inner,
        kind: inner.kind,
        local: () => inner.local(),
        take: (remote) => inner.take(remote),
        info: (t) => inner.info(t),
        close: () => inner.close(),
        connect: async () => {
          const stream = await inner.connect();
          if (ctx.role === 'initiator') return stream;
          const copy = new PassThrough();
          stream.on('data', (chunk: Buffer) => wire.push(Buffer.from(chunk)));
          stream.pipe(copy);
          return Duplex.from({ readable: copy, writable: stream });
        },
      };
    },
  };
}

/** Two friends with OMEMO on and each other's devices in hand, the conversation encrypted. */
async function encryptedPair(a: DirectOptions, b: DirectOptions): Promise<[Device, Device]> {
  const [ann, ben] = await directPair(server, opened, a, b);
  for (const [d, other] of [
    [ann, ben],
    [ben, ann],
  ] as const) {
    await d.h.call('settings.set', { key: 'omemo', accountId: null, value: true });
    await eventually(
      () => d.h.store.omemoDevices.list(d.account.id, other.account.jid, 'omemo').length > 0,
      20_000,
    );
    await d.h.call('omemo.conversation.set', {
      accountId: d.account.id,
      peer: other.account.jid,
      encryption: 'omemo',
    });
  }
  return [ann, ben];
}

describe('direct file transfer, end-to-end encrypted (JET-OMEMO)', () => {
  it('sends the file encrypted: the wire carries ciphertext plus the tag, the saved file is the source', async () => {
    const wire: Buffer[] = [];
    const [ann, ben] = await encryptedPair(
      { directTransports: [socks()] },
      { directTransports: [recording(socks(), wire)] },
    );
    const file = randomFile(work, 'secret.bin', 300_000);
    const [sent, message] = await offer(ann, ben, file.path);
    expect(sent.direct?.encrypted).toBe(true);
    const [up, down] = await acceptAndCompare(ann, ben, sent, message, file.path);
    expect(up.direct).toEqual({ transport: 'socks5', encrypted: true });
    expect(down.direct).toEqual({ transport: 'socks5', encrypted: true });
    const onWire = Buffer.concat(wire);
    expect(onWire.length).toBe(300_000 + 16);
    const source = readFileSync(file.path);
    expect(onWire.subarray(0, 300_000).equals(source)).toBe(false);
    // Not even a stretch of it: no 64-byte window of the source shows in what travelled.
    expect(onWire.includes(source.subarray(1000, 1064))).toBe(false);
  });

  it('a byte altered on the way fails the tag: the file is removed, both sides told', async () => {
    const [ann, ben] = await encryptedPair(
      { directTransports: [corrupting(socks())] },
      { directTransports: [socks()] },
    );
    const file = randomFile(work, 'tampered.bin', 100_000);
    const [sent, message] = await offer(ann, ben, file.path);
    const t = await ben.h.call('files.download', {
      accountId: ben.account.id,
      messageId: message.id,
    });
    const [up, down] = await Promise.all([settled(ann, sent.id), settled(ben, t.id)]);
    expect(down).toMatchObject({ state: 'failed', error: { code: 'hash-mismatch' } });
    expect(down.error?.message).toMatch(/encrypted file arrived damaged/);
    expect(up.state).toBe('failed');
  });

  it('a key that does not open on the receiver is never taken in clear: cannot-encrypt', async () => {
    const [ann, ben] = await encryptedPair(
      { directTransports: [socks()] },
      { directTransports: [socks()] },
    );
    // Ben distrusts Ann's device once he has met it: her sealed key will not be opened.
    await ben.h.call('messages.send', {
      accountId: ben.account.id,
      peer: ann.account.jid,
      body: 'hello first',
    });
    const annDevice = ann.h.store.omemoIdentity.get(ann.account.id)!.deviceId;
    await eventually(() => ben.h.store.omemoTrust.get(ben.account.id, ann.account.jid, annDevice));
    ben.h.store.omemoTrust.setTrust(ben.account.id, ann.account.jid, annDevice, 'distrusted', 1);
    const file = randomFile(work, 'refused.bin', 50_000);
    const [sent, message] = await offer(ann, ben, file.path);
    const t = await ben.h.call('files.download', {
      accountId: ben.account.id,
      messageId: message.id,
    });
    const [up, down] = await Promise.all([settled(ann, sent.id), settled(ben, t.id)]);
    expect(down).toMatchObject({ state: 'failed', error: { code: 'cannot-encrypt' } });
    expect(down.localPath).toBeNull();
    expect(up.state).toBe('failed');
  });
});
