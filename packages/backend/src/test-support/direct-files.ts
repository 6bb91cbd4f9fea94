// Two Parley backends that send each other files directly (XEP-0234) through a test Prosody.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Message, Transfer } from '@parley/contract';
import type { TestServer } from '@parley/testkit';
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
  const h = startHarness({ caPem: server.caPem, ...options });
  opened.push(h);
  return login(server, opened, local, h);
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

export function settled(d: Device, id: string, timeoutMs = 60_000): Promise<Transfer> {
  return d.h.waitFor(
    'transfer.changed',
    (t) => t.id === id && (t.state === 'done' || t.state === 'failed' || t.state === 'cancelled'),
    timeoutMs,
  );
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
