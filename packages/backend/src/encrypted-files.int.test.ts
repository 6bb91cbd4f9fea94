// XEP-0454 encrypted files through Prosody's http_file_share: the server stores ciphertext,
// the message names the file by its aesgcm:// URL only, and the receiving Parley decrypts.
import { createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Message, Transfer } from '@parley/contract';
import { parseAesgcmUrl } from '@parley/omemo/media';
import { startProsody, testClient, type TestClient, type TestServer } from '@parley/testkit';
import { xml, type Element } from '@parley/xmpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { befriend, login as loginOn, type Device } from './test-support/accounts.js';
import { startHarness, type Harness } from './test-support/harness.js';

let server: TestServer;
let work: string;
const opened: Harness[] = [];
const raw: TestClient[] = [];
let n = 0;

async function user(prefix: string, encrypt = false): Promise<Device> {
  const local = `${prefix}${++n}`;
  await server.createUser(local, `${local}-pw`);
  const h = startHarness({
    caPem: server.caPem,
    ...(encrypt ? { encryptFilesFor: () => true } : {}),
  });
  opened.push(h);
  return loginOn(server, opened, local, h);
}

function randomFile(
  name: string,
  size: number,
  head = Buffer.alloc(0),
): { path: string; bytes: Buffer; sha: string } {
  const bytes = Buffer.concat([head, randomBytes(size - head.length)]);
  const path = join(work, name);
  writeFileSync(path, bytes);
  return { path, bytes, sha: createHash('sha256').update(bytes).digest('hex') };
}

function finished(d: Device, id: string): Promise<Transfer> {
  return d.h.waitFor(
    'transfer.changed',
    (t) => t.id === id && (t.state === 'done' || t.state === 'failed' || t.state === 'cancelled'),
    30_000,
  );
}

async function sendFile(d: Device, peer: string, path: string): Promise<Transfer> {
  const [t] = await d.h.call('files.send', {
    accountId: d.account.id,
    peer,
    files: [d.h.grant(path)],
  });
  const done = await finished(d, t!.id);
  expect(done).toMatchObject({ state: 'done', error: null });
  return done;
}

/** The files http_file_share keeps, found by size (each test's sizes are unique). */
function storedFileOfSize(size: number): string {
  const found: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > 6) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) walk(p, depth + 1);
      else if (entry.isFile() && statSync(p).size === size) found.push(p);
    }
  };
  walk(join(server.dir, 'data'), 0);
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** What the aesgcm URL points at, over the test server's plain http (loopback). */
async function fetchRaw(httpsUrl: string): Promise<Buffer> {
  const res = await fetch(httpsUrl.replace(/^https:/, 'http:'));
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

beforeAll(async () => {
  server = await startProsody({ uploadSizeLimit: 16 * 1024 * 1024 });
  work = mkdtempSync(join(tmpdir(), 'parley-enc-files-'));
});
afterAll(async () => {
  await Promise.all(raw.map((c) => c.stop().catch(() => {})));
  await Promise.all(opened.map((h) => h.close(true)));
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('encrypted files (XEP-0454) through Prosody http_file_share', () => {
  it('uploads ciphertext and announces only the aesgcm:// URL: no OOB, no XEP-0447', async () => {
    const alice = await user('alice', true);
    const local = `carol${++n}`;
    await server.createUser(local, `${local}-pw`);
    const carol = await testClient(server, local, `${local}-pw`);
    raw.push(carol);
    const stanzas: Element[] = [];
    carol.on('stanza', (s: Element) => {
      if (s.is('message') && s.getChildText('body')) stanzas.push(s);
    });
    // Available, so that messages to the bare JID reach this resource (RFC 6121 §8.5.2.1.1).
    await carol.send(xml('presence'));
    const file = randomFile('scan.pdf', 200_003);
    const up = await sendFile(alice, `${local}@${server.domain}`, file.path);
    expect(up.bytes).toBe(file.bytes.length); // Progress counts the file, not the ciphertext.

    const deadline = Date.now() + 10_000;
    while (stanzas.length === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    const stanza = stanzas[0]!;
    const body = stanza.getChildText('body')!;
    expect(body).toMatch(/^aesgcm:\/\/[^#]+#[0-9a-f]{88}$/);
    expect(stanza.getChild('x', 'jabber:x:oob')).toBeUndefined();
    expect(stanza.getChild('file-sharing', 'urn:xmpp:sfs:0')).toBeUndefined();
    expect(stanza.toString().match(/aesgcm:\/\//g)).toHaveLength(1);

    // The server holds ciphertext‖tag, which the URL's key decrypts to the file.
    const link = parseAesgcmUrl(body);
    const stored = await fetchRaw(link.httpsUrl);
    expect(stored.length).toBe(file.bytes.length + 16);
    expect(stored.subarray(0, 64).equals(file.bytes.subarray(0, 64))).toBe(false);
    const decipher = createDecipheriv('aes-256-gcm', link.key, link.iv);
    decipher.setAuthTag(stored.subarray(-16));
    const plain = Buffer.concat([decipher.update(stored.subarray(0, -16)), decipher.final()]);
    expect(plain.equals(file.bytes)).toBe(true);

    // The sender's own record: the key stays in the store, out of every event.
    const sent = alice.h.store.messages.get(alice.account.id, up.messageId!);
    expect(sent?.attachment).toMatchObject({ encrypted: true, sha256: null });
    expect(sent?.body).toBe(sent?.attachment?.url);
    const keyHex = link.key.toString('hex');
    expect(alice.h.store.messages.attachmentSecret(alice.account.id, up.messageId!)).toContain(
      keyHex,
    );
    expect(JSON.stringify(alice.h.events)).not.toContain(keyHex);
  });

  it('the receiving Parley downloads and decrypts with progress; the key never reaches an event', async () => {
    const alice = await user('alice', true);
    const bob = await user('bob');
    await befriend(alice, bob);
    const file = randomFile('archive.bin', 3 * 1024 * 1024 + 5);
    const arrived = bob.h.waitFor('message.added', (m) => m.attachment !== null);
    const up = await sendFile(alice, bob.account.jid, file.path);
    const message: Message = await arrived;
    expect(message.attachment).toMatchObject({
      name: 'archive.bin',
      size: null,
      encrypted: true,
    });
    expect(message.body).toBe(message.attachment!.url);
    expect(message.body.startsWith('http')).toBe(true);
    const secret = bob.h.store.messages.attachmentSecret(bob.account.id, message.id);
    expect(secret).toBe(alice.h.store.messages.attachmentSecret(alice.account.id, up.messageId!));

    const t = await bob.h.call('files.download', {
      accountId: bob.account.id,
      messageId: message.id,
    });
    const done = await finished(bob, t.id);
    expect(done).toMatchObject({ state: 'done', error: null, bytes: file.bytes.length });
    const kept = readFileSync(done.localPath!);
    expect(createHash('sha256').update(kept).digest('hex')).toBe(file.sha);
    const progress = bob.h.events.filter(
      (e) => e.name === 'transfer.changed' && (e.payload as Transfer).id === t.id,
    );
    expect(progress.length).toBeGreaterThan(1);
    expect(JSON.stringify(bob.h.events)).not.toContain(secret!.slice(-64));
  });

  it('a file altered on the server fails to download with words, and no file is left', async () => {
    const alice = await user('alice', true);
    const bob = await user('bob');
    await befriend(alice, bob);
    const file = randomFile('notes.bin', 123_457);
    const arrived = bob.h.waitFor('message.added', (m) => m.attachment !== null);
    await sendFile(alice, bob.account.jid, file.path);
    const message = await arrived;
    const onServer = storedFileOfSize(file.bytes.length + 16);
    const bytes = readFileSync(onServer);
    bytes[5000] = bytes[5000]! ^ 0x01;
    writeFileSync(onServer, bytes);

    const t = await bob.h.call('files.download', {
      accountId: bob.account.id,
      messageId: message.id,
    });
    const done = await finished(bob, t.id);
    expect(done.state).toBe('failed');
    expect(done.error?.message).toMatch(/could not be decrypted/);
    expect(done.localPath).toBeNull();
    const downloads = join(bob.h.dir, 'Downloads');
    const left = (() => {
      try {
        return readdirSync(downloads);
      } catch {
        return [];
      }
    })();
    expect(left).toEqual([]);
  });

  it('downloads a small encrypted image from a contact by itself, decrypted, and previews it', async () => {
    const alice = await user('alice', true);
    const bob = await user('bob');
    await befriend(alice, bob);
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const file = randomFile('cat.png', 40_000, png);
    const auto = bob.h.waitFor(
      'transfer.changed',
      (t) => t.direction === 'download' && (t.state === 'done' || t.state === 'failed'),
    );
    await sendFile(alice, bob.account.jid, file.path);
    const done = await auto;
    expect(done).toMatchObject({ state: 'done', name: 'cat.png', bytes: 40_000 });
    expect(readFileSync(done.localPath!).equals(file.bytes)).toBe(true);
    const preview = await bob.h.call('files.preview', { id: done.id });
    expect(preview.mediaType).toBe('image/png');
    expect(Buffer.from(preview.dataUrl.split(',')[1]!, 'base64').equals(file.bytes)).toBe(true);
  });
});
