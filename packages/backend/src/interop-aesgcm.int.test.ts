// XEP-0454 encrypted files between Parley and slixmpp's own xep_0454 plugin, through Prosody's
// http_file_share: both directions, the hash of the decrypted file compared.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Transfer } from '@parley/contract';
import { startProsody, type TestServer, type TestUser } from '@parley/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login as loginOn, type Device } from './test-support/accounts.js';
import { startHarness, type Harness } from './test-support/harness.js';
import { slixmppMissing, startPythonPeer, type Peer } from './test-support/python-peer.js';

// slixmpp's XEP-0363 plugin (which xep_0454 depends on) needs aiohttp.
const missing = slixmppMissing() ?? slixmppMissing('aiohttp');
if (missing) console.warn(`interop-aesgcm.int.test.ts skipped: ${missing}`);

/** The peer bounds itself at 40 s; this is the backstop if it hangs anyway. */
const PEER_KILL_MS = 50_000;

let server: TestServer;
let work: string;
const opened: Harness[] = [];
const peers: Peer[] = [];
let n = 0;

async function parley(encrypt: boolean): Promise<Device> {
  const local = `parley${++n}`;
  await server.createUser(local, `${local}-pw`);
  const h = startHarness({
    caPem: server.caPem,
    ...(encrypt ? { encryptFilesFor: () => true } : {}),
  });
  opened.push(h);
  return loginOn(server, opened, local, h);
}

function peer(who: TestUser, args: string[]): Peer {
  const p = startPythonPeer('slixmpp-aesgcm-peer.py', args, server, who, PEER_KILL_MS);
  peers.push(p);
  return p;
}

function randomFile(name: string, size: number): { path: string; hex: string } {
  const bytes = randomBytes(size);
  const path = join(work, name);
  writeFileSync(path, bytes);
  return { path, hex: createHash('sha256').update(bytes).digest('hex') };
}

function finished(d: Device, id: string): Promise<Transfer> {
  return d.h.waitFor(
    'transfer.changed',
    (t) => t.id === id && (t.state === 'done' || t.state === 'failed' || t.state === 'cancelled'),
    30_000,
  );
}

beforeAll(async () => {
  server = await startProsody({ uploadSizeLimit: 16 * 1024 * 1024 });
  work = mkdtempSync(join(tmpdir(), 'parley-aesgcm-interop-'));
});
afterAll(async () => {
  for (const p of peers) p.kill();
  await Promise.all(opened.map((h) => h.close(true)));
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe.skipIf(missing !== null)('XEP-0454 files with slixmpp (xep_0454)', () => {
  it('slixmpp decrypts a file Parley sent encrypted', async () => {
    const alice = await parley(true);
    const slix = await server.createUser(`slix${++n}`, 'slix-pw');
    const p = peer(slix, ['receive']);
    await p.next('ready');
    const file = randomFile('report.pdf', 1024 * 1024 + 7);
    const [t] = await alice.h.call('files.send', {
      accountId: alice.account.id,
      peer: slix.jid,
      files: [alice.h.grant(file.path)],
    });
    expect((await finished(alice, t!.id)).state).toBe('done');
    const got = await p.next('message');
    expect(got).toMatchObject({ oob: false, sfs: false });
    expect(String(got['body'])).toMatch(/^aesgcm:\/\/.+#[0-9a-f]{88}$/);
    const decrypted = await p.next('decrypted');
    expect(decrypted).toMatchObject({
      stored: 1024 * 1024 + 7 + 16,
      size: 1024 * 1024 + 7,
      sha256: file.hex,
    });
    await p.finish();
  });

  it('Parley decrypts a file slixmpp sent as an aesgcm:// URL', async () => {
    const bob = await parley(false);
    const slix = await server.createUser(`slix${++n}`, 'slix-pw');
    const file = randomFile('photo.bin', 300_001);
    const arrived = bob.h.waitFor('message.added', (m) => m.attachment !== null, 30_000);
    const p = peer(slix, ['send', '--to', bob.account.jid, '--file', file.path]);
    const message = await arrived;
    expect(message.attachment).toMatchObject({ encrypted: true, size: null });
    expect(message.body).not.toContain('aesgcm');
    const t = await bob.h.call('files.download', {
      accountId: bob.account.id,
      messageId: message.id,
    });
    const done = await finished(bob, t.id);
    expect(done).toMatchObject({ state: 'done', bytes: 300_001 });
    expect(createHash('sha256').update(readFileSync(done.localPath!)).digest('hex')).toBe(file.hex);
    await p.finish();
  });
});
