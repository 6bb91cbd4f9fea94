import { createHash, randomBytes } from 'node:crypto';
import {
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Message, Transfer } from '@parley/contract';
import { startProsody, type TestServer } from '@parley/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { befriend, login as loginOn, type Device } from './test-support/accounts.js';
import { eventually, type Harness } from './test-support/harness.js';

/** Prosody's upload limit here: small, so that refusing a larger file costs no disk. */
const LIMIT = 16 * 1024 * 1024;

let server: TestServer;
let work: string;
const opened: Harness[] = [];
let n = 0;

async function user(prefix: string): Promise<Device> {
  const local = `${prefix}${++n}`;
  await server.createUser(local, `${local}-pw`);
  return loginOn(server, opened, local);
}

/** A file of random bytes in the test's folder, and its base64 SHA-256. */
function randomFile(
  name: string,
  size: number,
  head = Buffer.alloc(0),
): { path: string; sha256: string } {
  const bytes = Buffer.concat([head, randomBytes(size - head.length)]);
  const path = join(work, name);
  writeFileSync(path, bytes);
  return { path, sha256: createHash('sha256').update(bytes).digest('base64') };
}

function finished(d: Device, id: string, timeoutMs = 30_000): Promise<Transfer> {
  return d.h.waitFor(
    'transfer.changed',
    (t) => t.id === id && (t.state === 'done' || t.state === 'failed' || t.state === 'cancelled'),
    timeoutMs,
  );
}

async function send(d: Device, peer: string, path: string): Promise<Transfer> {
  const [t] = await d.h.call('files.send', {
    accountId: d.account.id,
    peer,
    files: [d.h.grant(path)],
  });
  return t!;
}

/** Downloads the message's file on `d` and checks it is byte-for-byte the source. */
async function downloadAndCompare(d: Device, message: Message, source: string): Promise<Transfer> {
  const t = await d.h.call('files.download', { accountId: d.account.id, messageId: message.id });
  const done = await finished(d, t.id);
  expect(done).toMatchObject({ state: 'done', direction: 'download', error: null });
  expect(readFileSync(done.localPath!).equals(readFileSync(source))).toBe(true);
  expect(done.localPath!.startsWith(join(d.h.dir, 'Downloads'))).toBe(true);
  return done;
}

/**
 * The chat in the clear both ways (between two Parley users OMEMO is on by default): for tests
 * that know a file by the SHA-256 its message announces (XEP-0447), which an aesgcm:// file
 * does not carry (its integrity is the GCM tag, and any metadata outside the encrypted body
 * would be in the clear). Encrypted files: encrypted-files.int.test.ts.
 */
async function inTheClear(a: Device, b: Device): Promise<void> {
  for (const [from, to] of [
    [a, b],
    [b, a],
  ] as const) {
    await from.h.call('omemo.conversation.set', {
      accountId: from.account.id,
      peer: to.account.jid,
      encryption: 'off',
    });
  }
}

beforeAll(async () => {
  server = await startProsody({ uploadSizeLimit: LIMIT });
  work = mkdtempSync(join(tmpdir(), 'parley-files-int-'));
});
afterAll(async () => {
  await Promise.all(opened.map((h) => h.close(true)));
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('file transfer against Prosody http_file_share', () => {
  it('finds the upload service and its limit', async () => {
    const alice = await user('svc');
    const service = await alice.h.call('files.uploadService', { accountId: alice.account.id });
    expect(service).toEqual({
      accountId: alice.account.id,
      available: true,
      service: server.uploadDomain,
      maxSize: LIMIT,
    });
  });

  it('sends a file one-to-one, byte-exact, hash announced and verified', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    await befriend(alice, bob);
    await inTheClear(alice, bob);
    const file = randomFile('report.bin', 3 * 1024 * 1024);
    const arrived = bob.h.waitFor('message.added', (m) => m.attachment !== null);
    const t = await send(alice, bob.account.jid, file.path);
    expect(t).toMatchObject({ direction: 'upload', name: 'report.bin', size: 3 * 1024 * 1024 });
    const up = await finished(alice, t.id);
    expect(up).toMatchObject({ state: 'done', bytes: 3 * 1024 * 1024, error: null });
    expect(up.messageId).not.toBeNull();
    // The sender's timeline has the card too, and the message is acknowledged by the server.
    const sent = alice.h.store.messages.get(alice.account.id, up.messageId!);
    expect(sent?.attachment).toMatchObject({ name: 'report.bin', sha256: file.sha256 });
    expect(sent?.body).toBe(sent?.attachment?.url);
    await eventually(() => {
      const status = alice.h.store.messages.get(alice.account.id, up.messageId!)?.status;
      return status === 'acked' || status === 'delivered';
    });

    const message = await arrived;
    expect(message).toMatchObject({ direction: 'in', peer: alice.account.jid });
    expect(message.attachment).toEqual({
      url: sent!.attachment!.url,
      name: 'report.bin',
      size: 3 * 1024 * 1024,
      mediaType: 'application/octet-stream',
      sha256: file.sha256,
    });
    // Not an image from the roster: nothing downloads by itself.
    expect(bob.h.store.transfers.forMessage(bob.account.id, message.id)).toBeNull();
    await downloadAndCompare(bob, message, file.path);
    // A second download of the same message is the same transfer, no second copy.
    const again = await bob.h.call('files.download', {
      accountId: bob.account.id,
      messageId: message.id,
    });
    expect(again.state).toBe('done');
    expect(readdirSync(join(bob.h.dir, 'Downloads'))).toEqual(['report.bin']);
    const listed = await bob.h.call('transfers.list', {});
    expect(listed.map((x) => x.id)).toContain(again.id);
  });

  it('sends the caption typed with a file as a text message right after it', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    await befriend(alice, bob);
    const file = randomFile('holiday.bin', 64 * 1024);
    const [t] = await alice.h.call('files.send', {
      accountId: alice.account.id,
      peer: bob.account.jid,
      files: [{ ...alice.h.grant(file.path), caption: ' At the lake ' }],
    });
    const up = await finished(alice, t!.id);
    expect(up.state).toBe('done');
    const received = () =>
      bob.h.events
        .filter((e) => e.name === 'message.added')
        .map((e) => e.payload as Message)
        .filter((m) => m.peer === alice.account.jid);
    await eventually(() => received().length >= 2);
    // The file first, then its words: any client shows the caption under the file.
    expect(received()[0]?.attachment?.name).toBe('holiday.bin');
    expect(received()[1]).toMatchObject({ body: 'At the lake', attachment: null });
    const page = await alice.h.call('messages.page', {
      accountId: alice.account.id,
      peer: bob.account.jid,
      before: null,
      limit: 10,
    });
    expect(page.messages.map((m) => m.attachment?.name ?? m.body)).toEqual([
      'holiday.bin',
      'At the lake',
    ]);
  });

  it('sends into a room and as a private message through it', async () => {
    const ann = await user('ann');
    const ben = await user('ben');
    const room = `files${++n}@${server.mucDomain}`;
    await ann.h.call('rooms.create', { accountId: ann.account.id, room, nick: 'Ann' });
    await ben.h.call('rooms.join', {
      accountId: ben.account.id,
      room,
      nick: 'Ben',
      password: null,
    });

    const file = randomFile('slides.pdf', 1024 * 1024);
    const inRoom = ben.h.waitFor('message.added', (m) => m.peer === room && !!m.attachment);
    const t = await send(ann, room, file.path);
    const up = await finished(ann, t.id);
    expect(up.state).toBe('done');
    const got = await inRoom;
    expect(got).toMatchObject({ direction: 'in', resource: 'Ann' });
    expect(got.attachment).toMatchObject({ name: 'slides.pdf', sha256: file.sha256 });
    await downloadAndCompare(ben, got, file.path);
    // Our own copy comes back from the room: delivered, still with its card.
    const own = await eventually(() => {
      const m = ann.h.store.messages.get(ann.account.id, up.messageId!);
      return m?.status === 'delivered' ? m : undefined;
    });
    expect(own.attachment?.name).toBe('slides.pdf');
    expect(ann.h.store.messages.count(ann.account.id, room)).toBe(1);

    const pm = randomFile('secret.txt', 2000);
    const inPrivate = ben.h.waitFor('message.added', (m) => m.peer === `${room}/Ann`);
    const p = await send(ann, `${room}/Ben`, pm.path);
    expect((await finished(ann, p.id)).state).toBe('done');
    const private_ = await inPrivate;
    expect(private_.attachment).toMatchObject({ name: 'secret.txt', sha256: pm.sha256 });
    expect(ben.h.store.conversations.get(ben.account.id, `${room}/Ann`)?.kind).toBe('private');
    await downloadAndCompare(ben, private_, pm.path);
  });

  it('uploads files given as bytes (the browser host) at the same time, big and small', async () => {
    const alice = await user('ba');
    const bob = await user('bb');
    const small = randomBytes(7_000);
    const big = randomBytes(12 * 1024 * 1024);
    // Two commands at once, as the renderer sends one per dropped file: decoding the big one
    // keeps the event loop busy while the small one's upload is answered.
    const [[a], [b]] = await Promise.all([
      alice.h.call('files.send', {
        accountId: alice.account.id,
        peer: bob.account.jid,
        files: [{ name: 'small.png', mediaType: 'image/png', base64: small.toString('base64') }],
      }),
      alice.h.call('files.send', {
        accountId: alice.account.id,
        peer: bob.account.jid,
        files: [{ name: 'big.bin', base64: big.toString('base64') }],
      }),
    ]);
    // The small one may be done before the command answers: ask for the state, don't wait for it.
    const results = await eventually(async () => {
      const list = await alice.h.call('transfers.list', {});
      const both = [a!.id, b!.id].map((id) => list.find((t) => t.id === id));
      return both.every((t) => t && t.state !== 'queued' && t.state !== 'active') && both;
    }, 60_000);
    expect(results.map((t) => [t!.name, t!.state, t!.error])).toEqual([
      ['small.png', 'done', null],
      ['big.bin', 'done', null],
    ]);
  });

  it('refuses a file over the server limit before uploading, with the limit in words', async () => {
    const alice = await user('big');
    const path = join(work, 'huge.iso');
    writeFileSync(path, '');
    truncateSync(path, LIMIT + 10 * 1024 * 1024); // Sparse: nothing is written.
    const [t] = await alice.h.call('files.send', {
      accountId: alice.account.id,
      peer: `nobody@${server.domain}`,
      files: [alice.h.grant(path)],
    });
    expect(t).toMatchObject({ state: 'failed', bytes: 0, error: { code: 'too-large' } });
    expect(t!.error!.message).toBe('The file is 26 MB; this server accepts at most 16 MB.');
  });

  it('retries an upload that was cancelled or failed mid-way; one message each', async () => {
    const alice = await user('retry');
    const bob = await user('rbob');
    await befriend(alice, bob);
    await inTheClear(alice, bob);
    const file = randomFile('video.bin', 8 * 1024 * 1024);
    const received: Message[] = [];
    bob.h.backend.onEvent((name, payload) => {
      if (name === 'message.added' && (payload as Message).attachment) {
        received.push(payload as Message);
      }
    });

    // Cancelled on its first progress report.
    let cancelled = false;
    alice.h.backend.onEvent((name, payload) => {
      const t = payload as Transfer;
      if (name === 'transfer.changed' && !cancelled && t.state === 'active' && t.bytes > 0) {
        cancelled = true;
        void alice.h.call('transfers.cancel', { id: t.id });
      }
    });
    const t = await send(alice, bob.account.jid, file.path);
    const stopped = await finished(alice, t.id);
    expect(stopped).toMatchObject({ state: 'cancelled', messageId: null });
    expect(stopped.bytes).toBeLessThan(8 * 1024 * 1024);
    const retried = await alice.h.call('transfers.retry', { id: t.id });
    expect(retried).toMatchObject({ id: t.id, state: 'queued', bytes: 0 });
    expect((await finished(alice, t.id)).state).toBe('done');

    // Failed: the file shrinks under the upload (as if it were being rewritten).
    const second = randomFile('changing.bin', 8 * 1024 * 1024);
    const original = readFileSync(second.path);
    let cut = false;
    alice.h.backend.onEvent((name, payload) => {
      const x = payload as Transfer;
      if (name === 'transfer.changed' && !cut && x.name === 'changing.bin' && x.bytes > 0) {
        cut = true;
        truncateSync(second.path, 1000);
      }
    });
    const u = await send(alice, bob.account.jid, second.path);
    const failed = await finished(alice, u.id);
    expect(failed).toMatchObject({ state: 'failed', error: { code: 'file-unreadable' } });
    writeFileSync(second.path, original);
    await alice.h.call('transfers.retry', { id: u.id });
    expect((await finished(alice, u.id)).state).toBe('done');

    await bob.h.waitFor('message.added', (m) => m.attachment?.sha256 === second.sha256);
    expect(received.map((m) => m.attachment?.sha256)).toEqual([file.sha256, second.sha256]);
    await downloadAndCompare(bob, received[1]!, second.path);
    // A finished upload is not sent twice.
    const twice = await alice.h.raw('transfers.retry', { id: u.id });
    expect(twice).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('downloads small images from roster contacts by itself, and previews them', async () => {
    const alice = await user('pic');
    const bob = await user('pbob');
    await befriend(alice, bob);
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const file = randomFile('cat.png', 50_000, png);
    const auto = bob.h.waitFor(
      'transfer.changed',
      (t) => t.direction === 'download' && t.state === 'done',
    );
    const t = await send(alice, bob.account.jid, file.path);
    expect((await finished(alice, t.id)).state).toBe('done');
    const done = await auto;
    expect(done).toMatchObject({ name: 'cat.png', mediaType: 'image/png', size: 50_000 });
    expect(readFileSync(done.localPath!).equals(readFileSync(file.path))).toBe(true);
    const preview = await bob.h.call('files.preview', { id: done.id });
    expect(preview.mediaType).toBe('image/png');
    expect(
      Buffer.from(preview.dataUrl.split(',')[1]!, 'base64').equals(readFileSync(file.path)),
    ).toBe(true);
    // This host has no system handler to open files with: a clear refusal.
    const open = await bob.h.raw('files.open', { id: done.id });
    expect(open).toMatchObject({ ok: false, error: { code: 'failed' } });
  });
});
