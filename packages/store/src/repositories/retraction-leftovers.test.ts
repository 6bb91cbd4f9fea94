// What a retraction or moderation leaves in the store: the file's name, URL and path in its
// transfer records, the conversation preview, anything else that names the content.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../database.js';
import { newAccount, openTempStore, type TempStore } from '../test-support.js';
import type { NewMessage } from './messages.js';

let t: TempStore;
beforeEach(() => {
  t = openTempStore();
  t.store.accounts.insert(newAccount('a1'));
});
afterEach(() => t.dispose());

const attachment = {
  url: 'https://up.x/k3y/secret-plan.pdf',
  name: 'secret-plan.pdf',
  size: 3,
  mediaType: 'application/pdf',
  sha256: 'c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MDA=',
};

const msg = (extra: Partial<NewMessage> = {}): NewMessage => ({
  accountId: 'a1',
  peer: 'bob@x',
  direction: 'in',
  body: 'the secret plan',
  timestamp: 1000,
  status: 'received',
  senderId: 'm1',
  ...extra,
});

/** Stores a message and records it in its conversation, as the pipeline does. */
function receive(extra: Partial<NewMessage> = {}) {
  const { message } = t.store.messages.insert(msg(extra));
  t.store.conversations.recordMessage(message, { countUnread: false });
  return message;
}

const retract = (id: string, moderated = false) =>
  t.store.transaction(() =>
    t.store.messageEdits.retract('a1', id, { by: 'bob@x', at: 9000, moderated, reason: null }),
  );

/** Every row of every table but the search index's own, as text, over a second connection. */
function everyRowAsText(): string {
  const db = openDatabase(t.path, t.key);
  try {
    const tables = db
      .prepare<[], string>(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'messages_search%'`,
      )
      .pluck()
      .all();
    return tables.map((name) => JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all())).join();
  } finally {
    db.close();
  }
}

/** The raw pages of the full-text index, as text, over a second connection. */
function searchIndexPages(): string {
  const db = openDatabase(t.path, t.key);
  try {
    return db
      .prepare<[], Buffer>(`SELECT block FROM messages_search_data`)
      .pluck()
      .all()
      .map((block) => Buffer.from(block).toString('latin1'))
      .join('|');
  } finally {
    db.close();
  }
}

describe('a retracted file', () => {
  it('leaves no name, URL, hash or path in the store; its local copy is queued for removal', () => {
    const message = receive({ body: attachment.url, attachment });
    t.store.transfers.insert({
      id: 't1',
      accountId: 'a1',
      peer: 'bob@x',
      direction: 'download',
      messageId: message.id,
      name: attachment.name,
      size: 3,
      mediaType: attachment.mediaType,
      sha256: attachment.sha256,
      url: attachment.url,
      bytes: 3,
      state: 'done',
      error: null,
      localPath: '/home/me/Downloads/secret-plan.pdf',
      createdAt: 1,
    });
    // A reply to it quoted its text; a reply to another message keeps its quote.
    const reply = receive({ body: 'nice', senderId: 'm2', timestamp: 1500 });
    t.store.replies.set('a1', {
      messageId: reply.id,
      target: 'm1',
      author: 'bob@x',
      quote: attachment.url,
    });
    const other = receive({ body: 'ok', senderId: 'm3', timestamp: 1600 });
    t.store.replies.set('a1', {
      messageId: other.id,
      target: 'zz',
      author: 'bob@x',
      quote: 'kept',
    });
    expect(everyRowAsText()).toContain('secret-plan');
    expect(retract(message.id)).toBe(true);
    // What the backend does in the same write: the preview follows.
    t.store.messageEdits.updatePreview(message, '');
    expect(t.store.transfers.get('t1')).toMatchObject({
      messageId: message.id,
      name: '',
      url: null,
      sha256: null,
      mediaType: null,
      localPath: null,
      state: 'cancelled',
    });
    expect(t.store.transfers.filesToRemove()).toEqual([
      { path: '/home/me/Downloads/secret-plan.pdf', accountId: 'a1' },
    ]);
    expect(t.store.replies.forMessages('a1', [reply.id, other.id])).toEqual(
      new Map([
        [reply.id, { messageId: reply.id, target: 'm1', author: 'bob@x', quote: null }],
        [other.id, { messageId: other.id, target: 'zz', author: 'bob@x', quote: 'kept' }],
      ]),
    );
    t.store.transfers.fileRemoved('/home/me/Downloads/secret-plan.pdf');
    expect(everyRowAsText()).not.toMatch(/secret-plan|k3y|c2VjcmV0/);
  });
});

describe('the conversation preview', () => {
  const last = () => t.store.conversations.get('a1', 'bob@x')?.lastMessage;
  const preview = (before: ReturnType<typeof receive>) =>
    t.store.messageEdits.updatePreview(before, '');

  it('shows the tombstone when the newest message is retracted, never its text or nothing', () => {
    const message = receive();
    retract(message.id);
    expect(preview(message)).toBe(true);
    expect(last()).toEqual({ body: '', direction: 'in', timestamp: 1000, retracted: 'sender' });
  });

  it('shows the tombstone for a retracted file, not its name', () => {
    const message = receive({ body: attachment.url, attachment });
    expect(last()?.body).toBe('📎 secret-plan.pdf');
    retract(message.id);
    expect(preview(message)).toBe(true);
    expect(last()).toMatchObject({ body: '', retracted: 'sender' });
  });

  it('says a moderator removed it', () => {
    const message = receive({ peer: 'room@c.x' });
    retract(message.id, true);
    t.store.messageEdits.updatePreview(message, '');
    expect(t.store.conversations.get('a1', 'room@c.x')?.lastMessage?.retracted).toBe('moderator');
  });

  it('keeps showing the newest message when an older one is retracted', () => {
    const older = receive({ body: 'older', senderId: 'm0', timestamp: 500 });
    receive({ body: 'newer', senderId: 'm1', timestamp: 1000 });
    retract(older.id);
    expect(preview(older)).toBe(false);
    expect(last()).toEqual({ body: 'newer', direction: 'in', timestamp: 1000 });
  });

  it('follows a correction of the newest message, and a newer message after a tombstone', () => {
    const message = receive({ body: 'helo' });
    t.store.messageEdits.correct('a1', message, { body: 'hello', at: 2000, editId: 'c1' });
    expect(t.store.messageEdits.updatePreview(message, 'hello')).toBe(true);
    expect(last()?.body).toBe('hello');
    const corrected = t.store.messages.get('a1', message.id)!;
    retract(message.id);
    t.store.messageEdits.updatePreview(corrected, '');
    expect(last()?.retracted).toBe('sender');
    receive({ body: 'next one', senderId: 'm2', timestamp: 3000 });
    expect(last()).toEqual({ body: 'next one', direction: 'in', timestamp: 3000 });
  });
});

describe('search after a retraction or correction', () => {
  const find = (text: string) =>
    t.store.messageSearch
      .search({ text, accountId: null, peer: null, before: null, limit: 50 })
      .hits.map((h) => h.message.id);
  const correct = (id: string, body: string, editId: string) =>
    t.store.transaction(() =>
      t.store.messageEdits.correct('a1', t.store.messages.get('a1', id)!, {
        body,
        at: 5000,
        editId,
      }),
    );

  it('finds neither a retracted nor a moderated message, indexed or still queued', () => {
    const indexed = receive({ body: 'pineapple plans', senderId: 'i1' });
    const file = receive({ body: attachment.url, attachment, senderId: 'i2' });
    const moderated = receive({ peer: 'room@c.x', body: 'pineapple spam', senderId: 'i3' });
    t.store.messageSearch.indexPending(100);
    const queued = receive({ body: 'pineapple queued', senderId: 'q1' });
    expect(find('pineapple')).toHaveLength(3);
    expect(find('secret')).toEqual([file.id]);
    retract(indexed.id);
    retract(file.id);
    retract(moderated.id, true);
    retract(queued.id);
    expect(find('pineapple')).toEqual([]);
    expect(find('secret')).toEqual([]);
    // Not merely unfindable: the words are gone from the index's own pages in the file too.
    expect(searchIndexPages()).not.toMatch(/pineapple|secret/);
  });

  it('finds a corrected message by its new text only, indexed or still queued', () => {
    const indexed = receive({ body: 'meet at the harbour', senderId: 'c1' });
    t.store.messageSearch.indexPending(100);
    const queued = receive({ body: 'bring the anchor', senderId: 'c2' });
    correct(indexed.id, 'meet at the station', 'e1');
    correct(queued.id, 'bring the rope', 'e2');
    expect(find('harbour')).toEqual([]);
    expect(find('anchor')).toEqual([]);
    expect(searchIndexPages()).not.toMatch(/harbour|anchor/);
    expect(find('station')).toEqual([indexed.id]);
    expect(find('rope')).toEqual([queued.id]);
    // The first version stays readable in the history, but is not what search finds.
    expect(t.store.messageEdits.history('a1', indexed.id)[0]?.body).toBe('meet at the harbour');
  });
});
