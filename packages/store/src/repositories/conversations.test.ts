import type { Message } from '@parley/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newAccount, openTempStore, type TempStore } from '../test-support.js';

let t: TempStore;
beforeEach(() => {
  t = openTempStore();
  t.store.accounts.insert(newAccount('a1'));
  t.store.accounts.insert(newAccount('a2'));
});
afterEach(() => t.dispose());

const stored = (
  peer: string,
  timestamp: number,
  body: string,
  direction: Message['direction'] = 'in',
  accountId = 'a1',
) =>
  t.store.messages.insert({
    accountId,
    peer,
    direction,
    body,
    timestamp,
    status: direction === 'in' ? 'received' : 'acked',
  }).message;

describe('conversations', () => {
  it('ensure creates once and resolves the name: roster name, else given name, else JID', () => {
    const c = t.store.conversations.ensure('a1', 'bob@x', null);
    expect(c).toMatchObject({
      accountId: 'a1',
      peer: 'bob@x',
      name: 'bob@x',
      lastMessage: null,
      unread: 0,
    });
    expect(t.store.conversations.ensure('a1', 'bob@x', 'Bobby').name).toBe('Bobby');
    // A later ensure without a name keeps the one it had.
    expect(t.store.conversations.ensure('a1', 'bob@x', null).name).toBe('Bobby');
    t.store.contacts.upsert('a1', {
      jid: 'bob@x',
      name: 'Robert',
      groups: [],
      subscription: 'both',
      askSubscribe: false,
    });
    expect(t.store.conversations.get('a1', 'bob@x')?.name).toBe('Robert');
    // An empty roster name is no name.
    t.store.contacts.upsert('a1', {
      jid: 'bob@x',
      name: '',
      groups: [],
      subscription: 'both',
      askSubscribe: false,
    });
    expect(t.store.conversations.get('a1', 'bob@x')?.name).toBe('Bobby');
    // The roster of another account does not name it.
    t.store.contacts.upsert('a2', {
      jid: 'bob@x',
      name: 'Other',
      groups: [],
      subscription: 'both',
      askSubscribe: false,
    });
    expect(t.store.conversations.get('a1', 'bob@x')?.name).toBe('Bobby');
    expect(t.store.conversations.list()).toHaveLength(1);
  });

  it('recordMessage creates the conversation, moves the preview forward only, counts unread', () => {
    let c = t.store.conversations.recordMessage(stored('bob@x', 200, 'second'), {
      countUnread: true,
    });
    expect(c).toMatchObject({
      lastMessage: { body: 'second', direction: 'in', timestamp: 200 },
      unread: 1,
      updatedAt: 200,
    });
    // Older history (archive backfill) counts but does not replace the preview.
    c = t.store.conversations.recordMessage(stored('bob@x', 100, 'first'), { countUnread: true });
    expect(c).toMatchObject({
      lastMessage: { body: 'second', timestamp: 200 },
      unread: 2,
      updatedAt: 200,
    });
    // Our own reply: newer, not unread.
    c = t.store.conversations.recordMessage(stored('bob@x', 300, 'reply', 'out'), {
      countUnread: false,
    });
    expect(c).toMatchObject({
      lastMessage: { body: 'reply', direction: 'out', timestamp: 300 },
      unread: 2,
    });
    // Same timestamp: the later-recorded one wins.
    c = t.store.conversations.recordMessage(stored('bob@x', 300, 'same time'), {
      countUnread: true,
    });
    expect(c).toMatchObject({ lastMessage: { body: 'same time', timestamp: 300 }, unread: 3 });
  });

  it('recordMessage can stand for a batch: the newest as preview, its unread count at once', () => {
    const newest = stored('bob@x', 3_000, 'third');
    const conversation = t.store.conversations.recordMessage(newest, {
      countUnread: true,
      unread: 3,
    });
    expect(conversation).toMatchObject({
      unread: 3,
      lastMessage: { body: 'third', timestamp: 3_000 },
    });
    const again = t.store.conversations.recordMessage(stored('bob@x', 4_000, 'fourth'), {
      countUnread: true,
      unread: 2,
    });
    expect(again).toMatchObject({ unread: 5, lastMessage: { body: 'fourth' } });
  });

  it('markRead clears unread only', () => {
    t.store.conversations.recordMessage(stored('bob@x', 1, 'hi'), { countUnread: true });
    expect(t.store.conversations.markRead('a1', 'bob@x')).toMatchObject({
      unread: 0,
      lastMessage: { body: 'hi' },
    });
    expect(t.store.conversations.markRead('a1', 'nobody@x')).toBeNull();
  });

  it('list is most recent first, across accounts', () => {
    t.store.conversations.recordMessage(stored('old@x', 100, 'a'), { countUnread: false });
    t.store.conversations.recordMessage(stored('new@x', 300, 'b', 'in', 'a2'), {
      countUnread: false,
    });
    t.store.conversations.recordMessage(stored('mid@x', 200, 'c'), { countUnread: false });
    // Opened just now, still empty: its creation time counts as its activity.
    t.store.conversations.ensure('a1', 'fresh@x', null);
    expect(t.store.conversations.list().map((c) => c.peer)).toEqual([
      'fresh@x',
      'new@x',
      'mid@x',
      'old@x',
    ]);
  });
});

describe('conversation kinds and mentions', () => {
  it('keeps the kind a conversation was opened with and counts mentions until read', () => {
    expect(t.store.conversations.ensure('a1', 'room@conf.x', 'Room', 'room').kind).toBe('room');
    // A later ensure or record with another kind does not change it.
    expect(t.store.conversations.ensure('a1', 'room@conf.x', null, 'chat').kind).toBe('room');
    const m = stored('room@conf.x', 1000, 'hi alice');
    let c = t.store.conversations.recordMessage(m, { countUnread: true, mentions: 1 });
    expect(c).toMatchObject({ kind: 'room', unread: 1, mentions: 1 });
    c = t.store.conversations.recordMessage(stored('room@conf.x', 2000, 'x'), {
      countUnread: true,
      unread: 3,
      mentions: 2,
    });
    expect(c).toMatchObject({ unread: 4, mentions: 3 });
    expect(t.store.conversations.markRead('a1', 'room@conf.x')).toMatchObject({
      unread: 0,
      mentions: 0,
    });
  });

  it('creates a conversation of the recorded kind when the first message makes it', () => {
    const c = t.store.conversations.recordMessage(stored('room@conf.x/bob', 1000, 'psst'), {
      countUnread: true,
      kind: 'private',
    });
    expect(c).toMatchObject({ kind: 'private', mentions: 0, unread: 1 });
    expect(
      t.store.conversations.recordMessage(stored('bob@x', 5, 'hi'), { countUnread: false }),
    ).toMatchObject({ kind: 'chat' });
  });

  it('removes a conversation entry but not its messages', () => {
    t.store.conversations.recordMessage(stored('room@conf.x', 1000, 'hi'), {
      countUnread: false,
      kind: 'room',
    });
    expect(t.store.conversations.remove('a1', 'room@conf.x')).toBe(true);
    expect(t.store.conversations.get('a1', 'room@conf.x')).toBeNull();
    expect(t.store.messages.count('a1', 'room@conf.x')).toBe(1);
    expect(t.store.conversations.remove('a1', 'room@conf.x')).toBe(false);
  });
});

describe('previews of shared files', () => {
  it('names the file rather than showing its URL', () => {
    const m = t.store.messages.insert({
      accountId: 'a1',
      peer: 'bob@x',
      direction: 'in',
      body: 'https://up.x/abc/photo.png',
      timestamp: 1000,
      status: 'received',
      attachment: {
        url: 'https://up.x/abc/photo.png',
        name: 'photo.png',
        size: 10,
        mediaType: 'image/png',
        sha256: null,
      },
    }).message;
    const c = t.store.conversations.recordMessage(m, { countUnread: true });
    expect(c.lastMessage?.body).toBe('📎 photo.png');
  });
});

describe('notification setting', () => {
  it('starts at default, can be set and read back, and is null for no conversation', () => {
    expect(t.store.conversations.ensure('a1', 'bob@x', null).notify).toBe('default');
    expect(t.store.conversations.setNotify('a1', 'bob@x', 'never')).toMatchObject({
      peer: 'bob@x',
      notify: 'never',
    });
    expect(t.store.conversations.get('a1', 'bob@x')?.notify).toBe('never');
    expect(t.store.conversations.list()[0]?.notify).toBe('never');
    // Per account and peer.
    expect(t.store.conversations.ensure('a2', 'bob@x', null).notify).toBe('default');
    expect(t.store.conversations.setNotify('a1', 'nobody@x', 'all')).toBeNull();
    expect(t.store.conversations.get('a1', 'nobody@x')).toBeNull();
  });

  it('refuses a value outside the known modes and keeps the old one', () => {
    t.store.conversations.ensure('a1', 'bob@x', null);
    t.store.conversations.setNotify('a1', 'bob@x', 'mentions');
    expect(() =>
      t.store.conversations.setNotify('a1', 'bob@x', 'loud' as unknown as 'all'),
    ).toThrow(/CHECK/);
    expect(t.store.conversations.get('a1', 'bob@x')?.notify).toBe('mentions');
  });

  it('survives new messages, markRead and ensure', () => {
    t.store.conversations.ensure('a1', 'room@conf.x', 'Room', 'room');
    t.store.conversations.setNotify('a1', 'room@conf.x', 'all');
    let c = t.store.conversations.recordMessage(stored('room@conf.x', 1000, 'hi'), {
      countUnread: true,
      mentions: 1,
      kind: 'room',
    });
    expect(c).toMatchObject({ notify: 'all', unread: 1, mentions: 1 });
    expect(t.store.conversations.markRead('a1', 'room@conf.x')).toMatchObject({
      notify: 'all',
      unread: 0,
    });
    c = t.store.conversations.ensure('a1', 'room@conf.x', 'Renamed', 'room');
    expect(c).toMatchObject({ notify: 'all', name: 'Renamed' });
    // A conversation made by its first message starts at default too.
    expect(
      t.store.conversations.recordMessage(stored('bob@x', 5, 'hi'), { countUnread: false }).notify,
    ).toBe('default');
  });
});
