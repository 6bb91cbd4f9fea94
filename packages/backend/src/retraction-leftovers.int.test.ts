// What a retraction (XEP-0424) or moderation (XEP-0425) leaves behind, against a real Prosody
// (with http_file_share) and the real encrypted store: the downloaded copy of the file, its
// transfer record, the conversation preview, the search index. Two Parley accounts talk.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Conversation, Message, Transfer } from '@parley/contract';
import { startProsody, type TestServer } from '@parley/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { befriend, login as loginOn, type Device } from './test-support/accounts.js';
import { eventually, startHarness, type Harness } from './test-support/harness.js';

let server: TestServer;
let work: string;
const opened: Harness[] = [];
let n = 0;

async function user(prefix: string): Promise<Device> {
  const local = `${prefix}${++n}`;
  await server.createUser(local, `${local}-pw`);
  return loginOn(server, opened, local);
}

function randomFile(name: string, size: number): string {
  const dir = join(work, String(++n));
  mkdirSync(dir);
  const path = join(dir, name);
  writeFileSync(path, randomBytes(size));
  return path;
}

function finished(d: Device, id: string): Promise<Transfer> {
  return d.h.waitFor(
    'transfer.changed',
    (t) => t.id === id && (t.state === 'done' || t.state === 'failed' || t.state === 'cancelled'),
    30_000,
  );
}

/** `from` sends the file at `path` to `to` (a contact or a room); `receiver` gets the message. */
async function sendFile(from: Device, to: string, path: string, receiver: Device, peer: string) {
  const arrived = receiver.h.waitFor('message.added', (m) => m.peer === peer && !!m.attachment);
  const [t] = await from.h.call('files.send', {
    accountId: from.account.id,
    peer: to,
    files: [from.h.grant(path)],
  });
  const up = await finished(from, t!.id);
  expect(up.state).toBe('done');
  return { up, message: await arrived };
}

/** `d` downloads the file of `message`; answers the finished transfer. */
async function download(d: Device, message: Message, source: string): Promise<Transfer> {
  const t = await d.h.call('files.download', { accountId: d.account.id, messageId: message.id });
  const done = await finished(d, t.id);
  expect(done.state).toBe('done');
  expect(readFileSync(done.localPath!).equals(readFileSync(source))).toBe(true);
  return done;
}

const search = (d: Device, text: string) =>
  d.h.call('messages.search', {
    text,
    accountId: d.account.id,
    peer: null,
    before: null,
    limit: 20,
  });

beforeAll(async () => {
  server = await startProsody({ uploadSizeLimit: 4 * 1024 * 1024, mucModeration: true });
  work = mkdtempSync(join(tmpdir(), 'parley-leftovers-int-'));
});
afterAll(async () => {
  await Promise.all(opened.map((h) => h.close(true)));
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('what a retraction leaves behind', () => {
  it('a file the sender retracts leaves the receiver’s disk, its record and its preview; the sender’s own file stays', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    await befriend(alice, bob);
    const source = randomFile('secret-plan.bin', 200 * 1024);
    const hash = createHash('sha256').update(readFileSync(source)).digest('base64');
    const { up, message } = await sendFile(alice, bob.account.jid, source, bob, alice.account.jid);
    const got = await download(bob, message, source);
    expect(got.localPath!.startsWith(join(bob.h.dir, 'Downloads'))).toBe(true);
    expect(bob.h.store.conversations.get(bob.account.id, alice.account.jid)?.lastMessage).toEqual(
      expect.objectContaining({ body: '📎 secret-plan.bin' }),
    );

    const forgotten = bob.h.waitFor(
      'transfer.changed',
      (t) => t.id === got.id && t.localPath === null,
    );
    const preview = bob.h.waitFor(
      'conversation.changed',
      (c: Conversation) => c.peer === alice.account.jid && c.lastMessage?.retracted === 'sender',
    );
    await alice.h.call('messages.retract', {
      accountId: alice.account.id,
      peer: bob.account.jid,
      messageId: up.messageId!,
    });

    // The renderer hears that the record forgot the file, and the preview is the tombstone.
    expect(await forgotten).toMatchObject({ messageId: message.id, name: '', state: 'cancelled' });
    expect((await preview).lastMessage).toMatchObject({ body: '', direction: 'in' });
    await eventually(() => !existsSync(got.localPath!));
    expect(bob.h.store.transfers.get(got.id)).toMatchObject({
      name: '',
      url: null,
      sha256: null,
      localPath: null,
    });
    expect(bob.h.store.messages.get(bob.account.id, message.id)).toMatchObject({
      body: '',
      attachment: null,
      retracted: { moderated: false },
    });
    await eventually(() => bob.h.store.transfers.filesToRemove().length === 0);
    expect((await search(bob, 'secret')).hits).toEqual([]);
    // The file cannot be fetched again from the tombstone.
    const again = await bob.h.raw('transfers.retry', { id: got.id });
    expect(again).toMatchObject({ ok: false, error: { code: 'not-found' } });

    // Alice sent it from her own folder: hers, never Parley's to delete.
    expect(createHash('sha256').update(readFileSync(source)).digest('base64')).toBe(hash);
    expect(alice.h.store.transfers.get(up.id)).toMatchObject({ name: '', localPath: null });
    expect(
      alice.h.store.conversations.get(alice.account.id, bob.account.jid)?.lastMessage,
    ).toMatchObject({ body: '', direction: 'out', retracted: 'sender' });
  }, 90_000);

  it('a file a moderator removes from a room leaves the disk, and the preview says a moderator removed it', async () => {
    const ann = await user('ann');
    const ben = await user('ben');
    const room = `leftovers${++n}@${server.mucDomain}`;
    await ann.h.call('rooms.create', { accountId: ann.account.id, room, nick: 'Ann' });
    await ben.h.call('rooms.join', {
      accountId: ben.account.id,
      room,
      nick: 'Ben',
      password: null,
    });
    const source = randomFile('spam.bin', 64 * 1024);
    const { message } = await sendFile(ben, room, source, ann, room);
    const got = await download(ann, message, source);
    const preview = ann.h.waitFor(
      'conversation.changed',
      (c: Conversation) => c.peer === room && c.lastMessage?.retracted === 'moderator',
    );
    await ann.h.call('rooms.moderate', {
      accountId: ann.account.id,
      room,
      messageId: message.id,
      reason: 'no files here',
    });
    expect((await preview).lastMessage?.body).toBe('');
    await eventually(() => !existsSync(got.localPath!));
    expect(ann.h.store.transfers.get(got.id)).toMatchObject({ name: '', localPath: null });
  }, 90_000);

  it('the preview follows a correction of the newest message, then its retraction', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    await befriend(alice, bob);
    const base = { accountId: alice.account.id, peer: bob.account.jid };
    const arrived = bob.h.waitFor('message.added', (m) => m.body === 'see you at 6');
    const sent = await alice.h.call('messages.send', { ...base, body: 'see you at 6' });
    await arrived;
    await eventually(
      () => alice.h.store.messages.get(alice.account.id, sent.id)?.status !== 'pending',
    );
    const corrected = bob.h.waitFor(
      'conversation.changed',
      (c: Conversation) => c.peer === alice.account.jid && c.lastMessage?.body === 'see you at 7',
    );
    await alice.h.call('messages.correct', { ...base, messageId: sent.id, body: 'see you at 7' });
    expect((await corrected).lastMessage).not.toHaveProperty('retracted');
    const retracted = bob.h.waitFor(
      'conversation.changed',
      (c: Conversation) => c.peer === alice.account.jid && c.lastMessage?.retracted === 'sender',
    );
    await alice.h.call('messages.retract', { ...base, messageId: sent.id });
    expect((await retracted).lastMessage?.body).toBe('');
    expect((await search(bob, 'see')).hits).toEqual([]);
  }, 90_000);

  it('a correction read from the archive before its original waits across a restart, then applies', async () => {
    const alice = await user('alice');
    const bobLocal = `bob${++n}`;
    await server.createUser(bobLocal, `${bobLocal}-pw`);
    const bob = await loginOn(server, opened, bobLocal);
    await befriend(alice, bob);
    // In the clear: a device added later cannot read what was encrypted before it existed
    // (OMEMO is on by default between two Parley users), and this is about the archive.
    await alice.h.call('omemo.conversation.set', {
      accountId: alice.account.id,
      peer: bob.account.jid,
      encryption: 'off',
    });
    const base = { accountId: alice.account.id, peer: bob.account.jid };
    const original = await alice.h.call('messages.send', { ...base, body: 'old typo' });
    await alice.h.call('messages.send', { ...base, body: 'filler one' });
    await alice.h.call('messages.send', { ...base, body: 'filler two' });
    await alice.h.call('messages.correct', { ...base, messageId: original.id, body: 'old fixed' });
    await eventually(() =>
      bob.h.store.messages
        .page(bob.account.id, alice.account.jid, { beforeId: null, limit: 5 })
        .messages.some((m) => m.body === 'old fixed'),
    );
    // Archive stamps have one-second precision: the new device's first catch-up starts after.
    await new Promise((r) => setTimeout(r, 1_100));

    // A new device of Bob's reads one message back: the archive's newest page holds the
    // correction, whose original is a page further back.
    const key = randomBytes(32);
    const first = startHarness({ caPem: server.caPem, key, mamPageSize: 1, catchUpOverlapMs: 0 });
    opened.push(first);
    const fresh = await loginOn(server, opened, bobLocal, first);
    const peer = { accountId: fresh.account.id, peer: alice.account.jid };
    const newest = await first.call('messages.page', { ...peer, before: null, limit: 1 });
    expect(newest.messages.map((m) => m.body)).toEqual(['filler two']);
    expect(first.store.messageEdits.orphans.keys(fresh.account.id)).toHaveLength(1);
    await first.close();

    // Parley restarts; scrolling further back brings the original, and the correction applies.
    const again = startHarness({ caPem: server.caPem, key, dir: first.dir, mamPageSize: 1 });
    opened.push(again);
    const online = again.waitFor(
      'account.changed',
      (a) => a.id === fresh.account.id && a.state === 'online',
    );
    await again.backend.start();
    await online;
    const older = await again.call('messages.page', { ...peer, before: null, limit: 3 });
    expect(older.messages.map((m) => m.body)).toEqual(['old fixed', 'filler one', 'filler two']);
    expect(older.messages[0]?.edited?.count).toBe(1);
  }, 90_000);
});
