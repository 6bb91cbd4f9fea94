// Encrypted files under the OMEMO lock (issue 10, XEP-0454 inside XEP-0384) through a real
// Prosody with http_file_share, against a python-omemo device (Debian's oldmemo + twomemo) that
// fetches and decrypts the file with the `cryptography` package: what Parley sends is a body of
// only the aesgcm:// URL, inside OMEMO (2 and legacy); the server's copy, its archive and the
// stanza on the wire hold neither the URL nor the key; what the python device sends this way is
// a file card in Parley that downloads and decrypts; a resend re-encrypts and uploads nothing.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Message, Transfer } from '@parley/contract';
import { startProsody, type TestServer, type TestUser } from '@parley/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOnlineAccount } from './test-support/accounts.js';
import { eventually, startHarness, type Harness } from './test-support/harness.js';
import { expectNothingInTheClear, partsOf, serverFiles } from './test-support/server-files.js';
import {
  commandRunner,
  slixmppMissing,
  startPythonPeer,
  type Peer,
  type PeerEvent,
} from './test-support/python-peer.js';

const missing = slixmppMissing('omemo, oldmemo, twomemo, xmlschema, slixmpp, cryptography');
if (missing) console.warn(`omemo-files.int.test.ts skipped: ${missing}`);

let server: TestServer;
let python: TestUser;
let peer: Peer;
let h: Harness;
let accountId: string;
let ownJid: string;
let work: string;
let sizes = 100_000;

const run = commandRunner(() => peer);

function randomFile(name: string): { path: string; bytes: Buffer; sha: string; size: number } {
  const bytes = randomBytes(++sizes); // each file its own size: found again on the server by it
  const path = join(work, name);
  writeFileSync(path, bytes);
  return { path, bytes, sha: createHash('sha256').update(bytes).digest('hex'), size: sizes };
}

function finished(id: string): Promise<Transfer> {
  return h.waitFor(
    'transfer.changed',
    (t) => t.id === id && (t.state === 'done' || t.state === 'failed' || t.state === 'cancelled'),
    30_000,
  );
}

/** Sends a file from Parley, waits for its upload; the transfer as it ended. */
async function sendFile(path: string): Promise<Transfer> {
  const [t] = await h.call('files.send', { accountId, peer: python.jid, files: [h.grant(path)] });
  return finished(t!.id);
}

/** What the python device decrypted of the message `id` (its n-th copy), or why not. */
function receivedCopy(id: string, n = 1): Promise<PeerEvent> {
  const copies = () => peer.events.filter((e) => e.event === 'received' && e.id === id);
  return eventually(() => copies()[n - 1], 30_000).catch(() => {
    const seen = peer.events.filter((e) => e.event !== 'published');
    throw new Error(`copy ${n} of ${id} never decrypted; python saw ${JSON.stringify(seen)}`);
  });
}

/** The files http_file_share keeps of this size. */
const storedOfSize = (size: number) =>
  serverFiles(server.dir).filter((p) => statSync(p).size === size);

describe.skipIf(missing)('OMEMO files: XEP-0454 under the lock, with python-omemo', () => {
  beforeAll(async () => {
    server = await startProsody({
      users: [
        { local: 'parley', password: 'parley-pw' },
        { local: 'python', password: 'y' },
      ],
      uploadSizeLimit: 16 * 1024 * 1024,
      mamStorage: 'sql',
    });
    python = server.users[1]!;
    work = mkdtempSync(join(tmpdir(), 'parley-omemo-files-'));
    h = startHarness({ caPem: server.caPem, key: randomBytes(32) });
    await h.call('settings.set', { key: 'omemo', accountId: null, value: true });
    const account = await addOnlineAccount(h, server, 'parley');
    accountId = account.id;
    ownJid = account.jid;
    peer = startPythonPeer('omemo-pep-peer.py', ['--timeout', '170'], server, python, 180_000);
    await peer.next('ready');
    await run({ do: 'publish' }, 'published');
    await run({ do: 'listen' }, 'listening');
  }, 90_000);

  afterAll(async () => {
    peer?.end();
    await peer?.finish().catch(() => peer.kill());
    await h?.close(true);
    await server?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  }, 30_000);

  it('OMEMO 2: the file uploaded encrypted, its URL only inside the encrypted body', async () => {
    const file = randomFile('scan.pdf');
    const up = await sendFile(file.path);
    expect(up).toMatchObject({ state: 'done', error: null, bytes: file.size });
    const got = await receivedCopy(up.messageId!);
    const url = String(got.text);
    expect(got).toMatchObject({ ns: 'v2', body: null });
    expect(url).toMatch(/^aesgcm:\/\/[^#\s]+\/scan\.pdf#[0-9a-f]{88}$/);
    const fetched = await run({ do: 'aesgcm-fetch', url, loopback_http: true }, 'aesgcm-fetched');
    expect(fetched).toMatchObject({ stored: file.size + 16, size: file.size, sha256: file.sha });
    // The server's copy is ciphertext.
    const [stored] = storedOfSize(file.size + 16);
    expect(readFileSync(stored!).subarray(0, 64).equals(file.bytes.subarray(0, 64))).toBe(false);
    expectNothingInTheClear(server.dir, url, up.messageId!, String(got.stanza));
    const mine = await eventually(() => {
      const stored = h.store.messages.get(accountId, up.messageId!);
      return stored?.status === 'acked' ? stored : undefined;
    });
    expect(mine).toMatchObject({ encryption: 'omemo2' });
    expect(mine?.attachment).toMatchObject({ encrypted: true, name: 'scan.pdf' });
    expect(peer.events.filter((e) => e.event === 'received-plain')).toEqual([]);
  }, 60_000);

  for (const ns of ['v2', 'legacy'] as const) {
    it(`${ns}: a file the python device sends encrypted is a file card that downloads`, async () => {
      const file = randomFile(`from-python-${ns}.bin`);
      const up = await run(
        { do: 'aesgcm-upload', path: file.path, service: server.uploadDomain },
        'aesgcm-uploaded',
      );
      const url = String(up.url);
      const arrived = h.waitFor(
        'message.added',
        (m) => m.attachment?.name === `from-python-${ns}.bin`,
        30_000,
      );
      await run({ do: 'send', jid: ownJid, ns, text: url }, 'sent');
      const message: Message = await arrived;
      expect(message).toMatchObject({
        direction: 'in',
        encryption: ns === 'v2' ? 'omemo2' : 'omemo',
        attachment: { encrypted: true, size: null },
      });
      expect(message.body).not.toContain('aesgcm');
      expect(JSON.stringify(message)).not.toContain(partsOf(url).keyHex);
      const t = await h.call('files.download', { accountId, messageId: message.id });
      const done = await finished(t.id);
      expect(done).toMatchObject({ state: 'done', error: null, bytes: file.size });
      expect(createHash('sha256').update(readFileSync(done.localPath!)).digest('hex')).toBe(
        file.sha,
      );
    }, 60_000);
  }

  it('a small encrypted image from a contact downloads by itself, decrypted, with a preview', async () => {
    h.store.contacts.upsert(accountId, {
      jid: python.jid,
      name: '',
      groups: [],
      subscription: 'both',
      askSubscribe: false,
    });
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const bytes = Buffer.concat([png, randomBytes(30_000)]);
    const path = join(work, 'cat.png');
    writeFileSync(path, bytes);
    const up = await run(
      { do: 'aesgcm-upload', path, service: server.uploadDomain },
      'aesgcm-uploaded',
    );
    const auto = h.waitFor(
      'transfer.changed',
      (t) => t.name === 'cat.png' && (t.state === 'done' || t.state === 'failed'),
      30_000,
    );
    await run({ do: 'send', jid: ownJid, ns: 'v2', text: String(up.url) }, 'sent');
    const done = await auto;
    expect(done).toMatchObject({ state: 'done', direction: 'download', bytes: bytes.length });
    expect(readFileSync(done.localPath!).equals(bytes)).toBe(true);
    const preview = await h.call('files.preview', { id: done.id });
    expect(preview.mediaType).toBe('image/png');
  }, 60_000);

  it('legacy: the same, with only the fallback text in the clear', async () => {
    // As a Conversations device: on the legacy list only (our copy of the v2 list emptied).
    h.store.omemoDevices.applyList(accountId, python.jid, 'omemo2', [], Date.now());
    const file = randomFile('photo.jpg');
    const up = await sendFile(file.path);
    expect(up.state).toBe('done');
    const got = await receivedCopy(up.messageId!);
    expect(got.ns).toBe('legacy');
    expect(String(got.body)).not.toContain('aesgcm');
    const url = String(got.text);
    const fetched = await run({ do: 'aesgcm-fetch', url, loopback_http: true }, 'aesgcm-fetched');
    expect(fetched).toMatchObject({ size: file.size, sha256: file.sha });
    expectNothingInTheClear(server.dir, url, up.messageId!, String(got.stanza));
    expect(h.store.messages.get(accountId, up.messageId!)?.encryption).toBe('omemo');
  }, 60_000);

  it('a resend re-encrypts the same URL (a new ratchet step) and uploads nothing again', async () => {
    const file = randomFile('again.bin');
    const up = await sendFile(file.path);
    const first = await receivedCopy(up.messageId!);
    // The python side bounces it: the message fails, and the user sends it again.
    const failed = h.waitFor(
      'message.updated',
      (m) => m.id === up.messageId && m.status === 'failed',
    );
    // To the full JID it came from: the server drops an error sent to a bare JID.
    const from = /^<[^>]* from="([^"]+)"/.exec(String(first.stanza))?.[1];
    expect(from?.startsWith(`${ownJid}/`)).toBe(true);
    const bounce =
      `<message xmlns='jabber:client' type='error' to='${from}' id='${up.messageId}'>` +
      `<error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>` +
      `</error></message>`;
    await run({ do: 'raw', xml: bounce }, 'sent');
    await failed;
    await h.call('messages.retry', { accountId, peer: python.jid, id: up.messageId! });
    const second = await receivedCopy(up.messageId!, 2);
    expect(second.text).toBe(first.text);
    // Decrypted again, not a replay: a different <encrypted/> (python refuses a replayed one).
    expect(second.xml).not.toBe(first.xml);
    expect(peer.events.filter((e) => e.event === 'receive-error')).toEqual([]);
    expectNothingInTheClear(server.dir, String(second.text), up.messageId!, String(second.stanza));
    expect(storedOfSize(file.size + 16)).toHaveLength(1);
    expect(storedOfSize(file.size)).toHaveLength(0);
    // Nor can the upload be run again.
    const retried = await h.raw('transfers.retry', { id: up.id });
    expect(retried).toMatchObject({ ok: false, error: { code: 'conflict' } });
  }, 60_000);

  it('uploaded in plaintext, the lock turned on before it went: refused, saying why', async () => {
    await h.call('omemo.conversation.set', { accountId, peer: python.jid, encryption: 'off' });
    // The lock goes on while the bytes move (after the upload chose plaintext).
    const stop = h.backend.onEvent((name, payload) => {
      const t = payload as Transfer;
      if (name === 'transfer.changed' && t.direction === 'upload' && t.bytes > 0) {
        h.store.omemoConversations.set(accountId, python.jid, 'omemo', Date.now());
      }
    });
    const before = peer.events.length;
    const failed = h.waitFor('message.updated', (m) => m.status === 'failed', 30_000);
    const file = randomFile('late-lock.bin');
    const up = await sendFile(file.path);
    stop();
    const message = await failed;
    expect(message.id).toBe(up.messageId);
    expect(message.error).toMatch(/uploaded unencrypted before the lock was turned on/);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(peer.events.slice(before).filter((e) => e.event.startsWith('received'))).toEqual([]);
    // Sent again now, it is uploaded encrypted and goes.
    const again = await sendFile(file.path);
    const got = await receivedCopy(again.messageId!);
    expect(String(got.text)).toMatch(/^aesgcm:\/\//);
  }, 60_000);
  it('uploaded encrypted, the lock turned off before it went: refused, no key in the clear', async () => {
    await h.call('omemo.conversation.set', { accountId, peer: python.jid, encryption: 'omemo' });
    const stop = h.backend.onEvent((name, payload) => {
      const t = payload as Transfer;
      if (name === 'transfer.changed' && t.direction === 'upload' && t.bytes > 0) {
        h.store.omemoConversations.set(accountId, python.jid, 'off', Date.now());
      }
    });
    const before = peer.events.length;
    const failed = h.waitFor('message.updated', (m) => m.status === 'failed', 30_000);
    const file = randomFile('lock-off.bin');
    const up = await sendFile(file.path);
    stop();
    const message = await failed;
    expect(message.id).toBe(up.messageId);
    expect(message.error).toMatch(/lock has been turned off since/);
    expect(h.store.messages.get(accountId, up.messageId!)?.attachment?.encrypted).toBe(true);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(peer.events.slice(before).filter((e) => e.event.startsWith('received'))).toEqual([]);
  }, 60_000);
  it('our second device gets the file as ours through its carbon, and can open it', async () => {
    await h.call('omemo.conversation.set', { accountId, peer: python.jid, encryption: 'omemo' });
    const second = startHarness({ caPem: server.caPem, key: randomBytes(32) });
    try {
      await second.call('settings.set', { key: 'omemo', accountId: null, value: true });
      const account = await addOnlineAccount(second, server, 'parley');
      const deviceId = await eventually(() => second.store.omemoIdentity.get(account.id)?.deviceId);
      await eventually(() =>
        h.store.omemoDevices.list(accountId, ownJid, 'omemo2').some((d) => d.deviceId === deviceId),
      );
      const file = randomFile('for-both.bin');
      const copied = second.waitFor(
        'message.added',
        (m) => m.attachment?.name === 'for-both.bin',
        30_000,
      );
      const up = await sendFile(file.path);
      expect(up.state).toBe('done');
      const copy = await copied;
      expect(copy).toMatchObject({
        direction: 'out',
        encryption: 'omemo2',
        attachment: { encrypted: true },
      });
      const t = await second.call('files.download', { accountId: account.id, messageId: copy.id });
      const done = await second.waitFor(
        'transfer.changed',
        (x) => x.id === t.id && (x.state === 'done' || x.state === 'failed'),
        30_000,
      );
      expect(done).toMatchObject({ state: 'done', bytes: file.size });
      expect(createHash('sha256').update(readFileSync(done.localPath!)).digest('hex')).toBe(
        file.sha,
      );
    } finally {
      await second.close(true);
    }
  }, 60_000);
});
