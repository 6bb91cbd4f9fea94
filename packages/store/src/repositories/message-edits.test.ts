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

const msg = (extra: Partial<NewMessage> = {}): NewMessage => ({
  accountId: 'a1',
  peer: 'bob@x',
  direction: 'in',
  body: 'helo wrold',
  timestamp: 1000,
  status: 'received',
  senderId: 'm1',
  ...extra,
});

/** Every text the file holds for messages, read over a second connection. */
function rawBodies(): string[] {
  const db = openDatabase(t.path, t.key);
  try {
    return db
      .prepare<[], string>(
        `SELECT body || coalesce(attachment_json, '') FROM messages
         UNION ALL SELECT body FROM message_edits`,
      )
      .pluck()
      .all();
  } finally {
    db.close();
  }
}

describe('message edits', () => {
  it('keep the original and every version in order, the newest in the message', () => {
    const { message } = t.store.messages.insert(msg());
    const edits = t.store.messageEdits;
    expect(edits.correct('a1', message, { body: 'hello wrold', at: 2000, editId: 'c1' })).toBe(
      true,
    );
    const once = t.store.messages.get('a1', message.id)!;
    expect(edits.correct('a1', once, { body: 'hello world', at: 3000, editId: 'c2' })).toBe(true);
    expect(t.store.messages.get('a1', message.id)).toMatchObject({
      body: 'hello world',
      edited: { at: 3000, count: 2 },
      retracted: null,
    });
    expect(edits.history('a1', message.id)).toEqual([
      { body: 'helo wrold', at: 1000 },
      { body: 'hello wrold', at: 2000 },
      { body: 'hello world', at: 3000 },
    ]);
  });

  it('apply a correction seen again once', () => {
    const { message } = t.store.messages.insert(msg());
    expect(t.store.messageEdits.correct('a1', message, { body: 'a', at: 2, editId: 'c1' })).toBe(
      true,
    );
    const again = t.store.messages.get('a1', message.id)!;
    expect(t.store.messageEdits.correct('a1', again, { body: 'a', at: 2, editId: 'c1' })).toBe(
      false,
    );
    expect(t.store.messages.get('a1', message.id)?.edited?.count).toBe(1);
  });

  it('find a message by sender id, origin-id, room stanza-id, or a correction of it', () => {
    const { message } = t.store.messages.insert(
      msg({ originId: 'o1', stanzaId: 's1', occupantId: 'occ' }),
    );
    const edits = t.store.messageEdits;
    expect(edits.find('a1', 'bob@x', 'm1')?.message.id).toBe(message.id);
    expect(edits.find('a1', 'bob@x', 'o1')?.occupantId).toBe('occ');
    expect(edits.find('a1', 'bob@x', 's1')).toBeNull();
    expect(edits.find('a1', 'bob@x', 's1', { byStanzaId: true })?.message.id).toBe(message.id);
    expect(edits.find('a1', 'carol@x', 'm1')).toBeNull();
    edits.correct('a1', message, { body: 'b', at: 2, editId: 'c1' });
    expect(edits.find('a1', 'bob@x', 'c1')?.message.id).toBe(message.id);
  });

  it('list every message an id may name, newest first (ids are the senders’ choice)', () => {
    const a = t.store.messages.insert(msg({ peer: 'room@x', resource: 'Sam', senderId: 'dup' }));
    const b = t.store.messages.insert(msg({ peer: 'room@x', resource: 'Eve', senderId: 'dup' }));
    const found = t.store.messageEdits.candidates('a1', 'room@x', 'dup').map((c) => c.message.id);
    expect(found).toEqual([b.message.id, a.message.id]);
  });

  it('retract: the row stays in place, its text, file and history are gone from the store', () => {
    const attachment = {
      url: 'https://up.x/secret.png',
      name: 'secret.png',
      size: 3,
      mediaType: 'image/png',
      sha256: null,
    };
    const { message } = t.store.messages.insert(msg({ body: 'secret plan', attachment }));
    const edits = t.store.messageEdits;
    edits.correct('a1', message, { body: 'secret plan v2', at: 2000, editId: 'c1' });
    expect(
      edits.retract('a1', message.id, { by: 'bob@x', at: 5000, moderated: false, reason: null }),
    ).toBe(true);
    const tomb = t.store.messages.get('a1', message.id)!;
    expect(tomb).toMatchObject({
      body: '',
      attachment: null,
      edited: null,
      timestamp: 1000,
      retracted: { by: 'bob@x', at: 5000, moderated: false, reason: null },
    });
    expect(edits.history('a1', message.id)).toEqual([]);
    expect(rawBodies().some((b) => b.includes('secret'))).toBe(false);
    // Once only; and a tombstone takes no correction.
    expect(
      edits.retract('a1', message.id, { by: 'bob@x', at: 6000, moderated: false, reason: null }),
    ).toBe(false);
    expect(edits.correct('a1', tomb, { body: 'back', at: 7000, editId: 'c9' })).toBe(false);
    expect(t.store.messages.get('a1', message.id)?.body).toBe('');
  });

  it('record a moderation with its moderator and reason', () => {
    const { message } = t.store.messages.insert(msg({ peer: 'room@conf.x' }));
    t.store.messageEdits.retract('a1', message.id, {
      by: 'room@conf.x/mod',
      at: 9,
      moderated: true,
      reason: 'spam',
    });
    expect(t.store.messages.get('a1', message.id)?.retracted).toEqual({
      by: 'room@conf.x/mod',
      at: 9,
      moderated: true,
      reason: 'spam',
    });
  });
});
