// Two Parley backends that send each other files directly (XEP-0234) through a test Prosody.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Duplex, Transform } from 'node:stream';
import type { Message, Transfer } from '@parley/contract';
import type { TestServer } from '@parley/testkit';
import type { Element } from '@parley/xmpp';
import type { DirectTransportKind } from '../runtime/files/direct/transport.js';
import { expect } from 'vitest';
import { befriend, login, type Device } from './accounts.js';
import { startHarness, type Harness } from './harness.js';

export type DirectOptions = Pick<
  Parameters<typeof startHarness>[0],
  'directTransports' | 'directTiming'
>;

let n = 0;

/** A user logged in on a fresh backend with `options` (transports, timing). */
export async function directUser(
  server: TestServer,
  opened: Harness[],
  prefix: string,
  options: DirectOptions = {},
): Promise<Device> {
  const local = `${prefix}${++n}`;
  await server.createUser(local, `${local}-pw`);
  const key = randomBytes(32);
  const h = startHarness({ caPem: server.caPem, key, ...options });
  opened.push(h);
  return { ...(await login(server, opened, local, h)), key };
}

/** Two friends, each on their own backend. */
export async function directPair(
  server: TestServer,
  opened: Harness[],
  sender: DirectOptions = {},
  receiver: DirectOptions = {},
): Promise<[Device, Device]> {
  const a = await directUser(server, opened, 'ann', sender);
  const b = await directUser(server, opened, 'ben', receiver);
  await befriend(a, b);
  return [a, b];
}

/** A file of random bytes in `dir`, and its base64 SHA-256. */
export function randomFile(dir: string, name: string, size: number) {
  const bytes = randomBytes(size);
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return { path, sha256: createHash('sha256').update(bytes).digest('base64') };
}

const ended = (t: Transfer) =>
  t.state === 'done' || t.state === 'failed' || t.state === 'cancelled';

/** The transfer's end: one seen already (it may end before the call that caused it returns). */
export function settled(d: Device, id: string, timeoutMs = 60_000): Promise<Transfer> {
  const seen = d.h.events
    .filter((e) => e.name === 'transfer.changed')
    .map((e) => e.payload as Transfer)
    .findLast((t) => t.id === id);
  if (seen && ended(seen)) return Promise.resolve(seen);
  return d.h.waitFor('transfer.changed', (t) => t.id === id && ended(t), timeoutMs);
}

/** `a` offers the file to `b`; resolves with a's transfer and b's offered message. */
export async function offer(a: Device, b: Device, path: string): Promise<[Transfer, Message]> {
  const offered = b.h.waitFor('message.added', (m) => m.attachment?.direct === true);
  const [t] = await a.h.call('files.sendDirect', {
    accountId: a.account.id,
    peer: b.account.jid,
    files: [a.h.grant(path)],
  });
  return [t!, await offered];
}

/** `b` accepts the offer; both ends finish; the file saved is the source, byte for byte. */
export async function acceptAndCompare(
  a: Device,
  b: Device,
  sent: Transfer,
  message: Message,
  source: string,
): Promise<[Transfer, Transfer]> {
  const t = await b.h.call('files.download', { accountId: b.account.id, messageId: message.id });
  const [up, down] = await Promise.all([settled(a, sent.id), settled(b, t.id)]);
  expect(down).toMatchObject({ state: 'done', direction: 'download', error: null });
  expect(up).toMatchObject({ state: 'done', direction: 'upload', error: null });
  expect(readFileSync(down.localPath!).equals(readFileSync(source))).toBe(true);
  expect(down.localPath!.startsWith(join(b.h.dir, 'Downloads'))).toBe(true);
  return [up, down];
}

/**
 * A transport that corrupts the first byte the sender writes (around `kind`): the receiver
 * must find the hash wrong.
 */
export function corrupting(kind: DirectTransportKind): DirectTransportKind {
  return {
    ...kind,
    create: (ctx) => {
      const inner = kind.create(ctx);
      return {
        kind: inner.kind,
        local: () => inner.local(),
        take: (remote) => inner.take(remote),
        info: (transport) => inner.info(transport),
        close: () => inner.close(),
        ...(inner.handleIq ? { handleIq: (iq: Element) => inner.handleIq!(iq) } : {}),
        connect: async () => {
          const stream = await inner.connect();
          if (ctx.role !== 'initiator') return stream;
          let first = true;
          const flip = new Transform({
            transform(chunk: Buffer, _enc, done) {
              if (first && chunk.length > 0) {
                first = false;
                chunk = Buffer.from(chunk);
                chunk[0] = (chunk[0]! ^ 0xff) & 0xff;
              }
              done(null, chunk);
            },
          });
          flip.pipe(stream);
          return Duplex.from({ writable: flip, readable: stream });
        },
      };
    },
  };
}
