import type Database from 'better-sqlite3-multiple-ciphers';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../database.js';
import { MIGRATIONS, migrate } from '../migrations/index.js';
import { createStore, type Store } from '../store.js';
import { newAccount, tempDir } from '../test-support.js';
import { SearchCursorError, type SearchRequest } from './message-search.js';

let store: Store;
let db: Database.Database;
let dispose: () => void;

beforeEach(() => {
  const d = tempDir();
  const path = join(d.dir, 'profile.db');
  db = openDatabase(path, randomBytes(32));
  store = createStore(db, path);
  dispose = () => {
    store.close();
    d.dispose();
  };
  store.accounts.insert(newAccount('a1'));
  store.accounts.insert(newAccount('a2'));
});
afterEach(() => dispose());

let clock = 1_700_000_000_000;
function add(body: string, peer = 'bob@x', accountId = 'a1', id?: string): string {
  return store.messages.insert({
    ...(id ? { id } : {}),
    accountId,
    peer,
    direction: 'in',
    body,
    timestamp: (clock += 1000),
    status: 'received',
  }).message.id;
}

const search = (text: string, more: Partial<SearchRequest> = {}) =>
  store.messageSearch.search({
    text,
    accountId: null,
    peer: null,
    before: null,
    limit: 50,
    ...more,
  });
const bodies = (text: string, more: Partial<SearchRequest> = {}) =>
  search(text, more).hits.map((h) => h.message.body);

describe('message search', () => {
  it('finds words regardless of case and accents, in any alphabet, newest first', () => {
    add('Une crème brûlée, s’il vous plaît');
    add('Привет, как дела?');
    add('nothing here');
    add('CREME fraîche');
    expect(bodies('creme')).toEqual(['CREME fraîche', 'Une crème brûlée, s’il vous plaît']);
    expect(bodies('дела')).toEqual(['Привет, как дела?']);
    expect(bodies('brulee plait')).toEqual(['Une crème brûlée, s’il vous plaît']);
    expect(bodies('absent')).toEqual([]);
  });

  it('matches the last word as a prefix and returns the highlight ranges', () => {
    const body = 'the meeting moved to Thursday';
    add(body);
    expect(search('meet thu').hits).toEqual([]); // only the last word is a prefix
    const [hit] = search('meeting thu').hits;
    expect(hit?.ranges.map((r) => body.slice(r.start, r.end))).toEqual(['meeting', 'Thursday']);
    const [prefix] = search('meet').hits;
    expect(prefix?.ranges.map((r) => body.slice(r.start, r.end))).toEqual(['meeting']);
  });

  it('treats FTS syntax typed by the user as text, never as an error', () => {
    add('say "hi" - NEAR the * star');
    for (const text of ['"', '"hi', 'NEAR(', '-', '*', 'hi*"', 'a OR b', 'NOT', '^', ':', '""""']) {
      expect(() => search(text), text).not.toThrow();
    }
    expect(bodies('"hi"')).toEqual(['say "hi" - NEAR the * star']);
    expect(bodies('NEAR')).toEqual(['say "hi" - NEAR the * star']);
  });

  it('indexes the rows that existed before the migration', () => {
    const d = tempDir();
    const path = join(d.dir, 'old.db');
    const key = randomBytes(32);
    const raw = openDatabase(path, key);
    migrate(raw, MIGRATIONS.slice(0, 6));
    raw.exec(`INSERT INTO accounts (id, jid, password, tls_mode, enabled, resource, presence_show,
      presence_status, created_at) VALUES ('a1', 'a1@x', 'pw', 'auto', 1, 'r', 'available', '', 1)`);
    raw
      .prepare(
        `INSERT INTO messages (id, account_id, peer, direction, body, timestamp, status)
         VALUES ('old', 'a1', 'bob@x', 'in', 'archived before search existed', 1, 'received')`,
      )
      .run();
    const upgraded = createStore(raw, path);
    try {
      const page = upgraded.messageSearch.search({
        text: 'existed',
        accountId: null,
        peer: null,
        before: null,
        limit: 10,
      });
      expect(page.hits.map((h) => h.message.id)).toEqual(['old']);
    } finally {
      upgraded.close();
      d.dispose();
    }
  });

  it('queues a stored message and indexes it by the next search', () => {
    add('first banana');
    add('second banana');
    expect(store.messageSearch.unindexed()).toBe(2);
    expect(store.messageSearch.indexPending(1)).toBe(1);
    expect(store.messageSearch.unindexed()).toBe(1);
    const page = search('banana');
    expect(page.hits.map((h) => h.message.body)).toEqual(['second banana', 'first banana']);
    expect(page.unindexed).toBe(0);
    expect(store.messageSearch.indexPending(10)).toBe(0);
  });

  it('forgets the old text of a corrected or deleted message, indexed or still queued', () => {
    const corrected = add('the secret word is swordfish');
    const deleted = add('retract this pineapple');
    store.messageSearch.indexPending(100);
    const queuedCorrected = add('queued tuna');
    const queuedDeleted = add('queued mango');
    db.prepare(`UPDATE messages SET body = 'queued salmon' WHERE id = ?`).run(queuedCorrected);
    db.prepare(`DELETE FROM messages WHERE id = ?`).run(queuedDeleted);
    expect(bodies('tuna')).toEqual([]);
    expect(bodies('mango')).toEqual([]);
    expect(bodies('salmon')).toEqual(['queued salmon']);
    db.prepare(`UPDATE messages SET body = 'the secret word is marlin' WHERE id = ?`).run(
      corrected,
    );
    db.prepare(`DELETE FROM messages WHERE id = ?`).run(deleted);
    expect(bodies('swordfish')).toEqual([]);
    expect(bodies('pineapple')).toEqual([]);
    expect(bodies('marlin')).toEqual(['the secret word is marlin']);
    // The index matches the table (rank 1: compare with the external content, which can drift).
    expect(() =>
      db
        .prepare(
          `INSERT INTO messages_search (messages_search, rank) VALUES ('integrity-check', 1)`,
        )
        .run(),
    ).not.toThrow();
  });

  it('removes an account’s messages from the index with the account', () => {
    add('account one apricot', 'bob@x', 'a1');
    add('account two apricot', 'bob@x', 'a2');
    store.messageSearch.indexPending(100);
    store.accounts.remove('a1');
    expect(bodies('apricot')).toEqual(['account two apricot']);
    // Not merely hidden by the join: the index holds no entry for the removed rows.
    expect(
      db
        .prepare(`SELECT count(*) AS n FROM messages_search WHERE messages_search MATCH 'apricot'`)
        .get(),
    ).toEqual({ n: 1 });
  });

  it('narrows to an account and to a conversation', () => {
    add('plum from bob', 'bob@x', 'a1');
    add('plum from carol', 'carol@x', 'a1');
    add('plum in a2', 'bob@x', 'a2');
    expect(bodies('plum')).toHaveLength(3);
    expect(bodies('plum', { accountId: 'a2' })).toEqual(['plum in a2']);
    expect(bodies('plum', { accountId: 'a1', peer: 'bob@x' })).toEqual(['plum from bob']);
    expect(() => search('plum', { peer: 'bob@x' })).toThrow(RangeError);
  });

  it('pages with a cursor until every hit was seen once', () => {
    for (let i = 0; i < 23; i++) add(`kiwi number ${i}`);
    add('other fruit');
    const seen: string[] = [];
    let before: string | null = null;
    for (let round = 0; round < 10; round++) {
      const page = search('kiwi', { limit: 5, before });
      seen.push(...page.hits.map((h) => h.message.body));
      before = page.next;
      if (before === null) break;
    }
    expect(seen).toEqual(Array.from({ length: 23 }, (_, i) => `kiwi number ${22 - i}`));
  });

  it('refuses a cursor it did not hand out and a bad limit', () => {
    for (const before of ['', 'x', 's0', 's-1', "s1' OR 1", 's99999999999999999999']) {
      expect(() => search('a', { before }), before).toThrow(SearchCursorError);
    }
    expect(() => search('a', { limit: 0 })).toThrow(RangeError);
  });
});
