import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Message } from '@parley/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../database.js';
import { createStore, type Store } from '../store.js';
import { newAccount, tempDir } from '../test-support.js';

let store: Store;
let db: ReturnType<typeof openDatabase>;
let dispose: () => void;

beforeAll(() => {
  const d = tempDir();
  const path = join(d.dir, 'profile.db');
  db = openDatabase(path, randomBytes(32));
  store = createStore(db, path);
  dispose = () => {
    store.close();
    d.dispose();
  };
  store.accounts.insert(newAccount('a1'));
});
afterAll(() => dispose());

/** Walks the whole conversation page by page, newest page first, like the UI scrolling up. */
function walk(peer: string, limit: number): { pages: Message[][]; all: Message[] } {
  const pages: Message[][] = [];
  let beforeId: string | null = null;
  for (;;) {
    const page = store.messages.page('a1', peer, { beforeId, limit });
    pages.push(page.messages);
    if (!page.hasOlder) break;
    beforeId = page.messages[0]?.id ?? null;
  }
  return { pages, all: pages.reverse().flat() };
}

describe('messages.page', () => {
  it('an empty conversation is one empty page', () => {
    expect(store.messages.page('a1', 'empty@x', { beforeId: null, limit: 10 })).toEqual({
      messages: [],
      hasOlder: false,
    });
  });

  it('pages through equal timestamps without gaps or repeats, in (timestamp, insertion) order', () => {
    const peer = 'ties@x';
    // 23 messages over 4 distinct timestamps, inserted out of time order (as archive backfill does).
    const stamps = [
      300, 100, 300, 200, 100, 400, 100, 200, 300, 100, 400, 200, 300, 100, 200, 300, 400, 100, 200,
      300, 100, 400, 200,
    ];
    const ids = stamps.map(
      (timestamp, i) =>
        store.messages.insert({
          id: `m${i}`,
          accountId: 'a1',
          peer,
          direction: 'in',
          body: `#${i}`,
          timestamp,
          status: 'received',
        }).message.id,
    );
    const expected = ids
      .map((id, i) => ({ id, ts: stamps[i] ?? 0, i }))
      .sort((x, y) => x.ts - y.ts || x.i - y.i)
      .map((x) => x.id);
    for (const limit of [1, 3, 4, 5, 22, 23, 24, 100]) {
      const { pages, all } = walk(peer, limit);
      expect(
        all.map((m) => m.id),
        `limit ${limit}`,
      ).toEqual(expected);
      expect(pages.length).toBe(Math.max(1, Math.ceil(23 / limit)));
      for (const page of pages) {
        for (let k = 1; k < page.length; k++)
          expect(page[k - 1]!.timestamp).toBeLessThanOrEqual(page[k]!.timestamp);
      }
    }
    const first = store.messages.page('a1', peer, { beforeId: null, limit: 23 });
    expect(first.hasOlder).toBe(false);
  });

  it('an unknown or foreign beforeId is an empty page; a bad limit is refused', () => {
    store.messages.insert({
      id: 'x1',
      accountId: 'a1',
      peer: 'other@x',
      direction: 'in',
      body: '',
      timestamp: 1,
      status: 'received',
    });
    expect(store.messages.page('a1', 'ties@x', { beforeId: 'nope', limit: 5 })).toEqual({
      messages: [],
      hasOlder: false,
    });
    expect(store.messages.page('a1', 'ties@x', { beforeId: 'x1', limit: 5 })).toEqual({
      messages: [],
      hasOlder: false,
    });
    expect(() => store.messages.page('a1', 'ties@x', { beforeId: null, limit: 0 })).toThrow(
      RangeError,
    );
    expect(() => store.messages.page('a1', 'ties@x', { beforeId: null, limit: 2.5 })).toThrow(
      RangeError,
    );
  });

  it('uses the index for both the newest and an older page (no sort step, no scan)', () => {
    const plan = (sql: string) =>
      db
        .prepare<[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
        .all()
        .map((r) => r.detail)
        .join(' | ');
    const newest = plan(`SELECT id FROM messages WHERE account_id = 'a1' AND peer = 'p'
      ORDER BY timestamp DESC, seq DESC LIMIT 51`);
    const older = plan(`SELECT id FROM messages WHERE account_id = 'a1' AND peer = 'p'
      AND (timestamp, seq) < (5, 7) ORDER BY timestamp DESC, seq DESC LIMIT 51`);
    for (const p of [newest, older]) {
      expect(p).toMatch(/SEARCH messages USING INDEX messages_by_time/);
      expect(p).not.toMatch(/TEMP B-TREE/);
    }
    // The cursor is a range bound on the index, not a filter applied after reading every row.
    expect(older).toMatch(/account_id=\? AND peer=\? AND timestamp<\?/);
  });

  // Correctness at size only: the speed is measured in bench/store-page.ts, and the query plan
  // test above shows the page is an index seek.
  it('serves the newest and the deepest page of 100,000 messages', () => {
    const peer = 'big@x';
    store.transaction(() => {
      for (let i = 0; i < 100_000; i++) {
        store.messages.insert({
          accountId: 'a1',
          peer,
          direction: i % 2 ? 'in' : 'out',
          body: `message ${i}`,
          timestamp: 1_700_000_000_000 + i * 1000,
          status: i % 2 ? 'received' : 'acked',
        });
      }
    });
    const page = store.messages.page('a1', peer, { beforeId: null, limit: 50 });
    expect(page.messages).toHaveLength(50);
    expect(page.messages.at(-1)?.body).toBe('message 99999');
    expect(page.hasOlder).toBe(true);
    // Deep in history costs the same: the cursor seeks, it does not skip rows.
    const deep = store.messages.page('a1', peer, {
      beforeId: store.messages.oldest('a1', peer)!.id,
      limit: 50,
    });
    expect(deep).toEqual({ messages: [], hasOlder: false });
  }, 60_000);
});
