import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newAccount, openTempStore, type TempStore } from '../../../store/src/test-support.js';
import { SearchIndexer } from './search-indexer.js';

let temp: TempStore;
let indexer: SearchIndexer;
let n = 0;

function receive(count: number): void {
  temp.store.transaction(() => {
    for (let i = 0; i < count; i++) {
      temp.store.messages.insert({
        accountId: 'a1',
        peer: 'bob@example.org',
        direction: 'in',
        body: `message ${n++}`,
        timestamp: 1_700_000_000_000 + n,
        status: 'received',
      });
    }
  });
}

beforeEach(() => {
  temp = openTempStore();
  temp.store.accounts.insert(newAccount('a1'));
  // A long interval: the test turns the crank itself.
  indexer = new SearchIndexer(temp.store, { intervalMs: 3_600_000, batch: 10, backlog: 50 });
});
afterEach(() => {
  indexer.stop();
  temp.dispose();
});

describe('search indexer', () => {
  it('waits while messages arrive and indexes in batches once quiet', () => {
    receive(25);
    expect(indexer.tick()).toBe(0); // the queue grew: a burst is under way
    receive(5);
    expect(indexer.tick()).toBe(0);
    expect(indexer.tick()).toBe(10); // quiet now
    expect(indexer.tick()).toBe(10);
    expect(indexer.tick()).toBe(10);
    expect(indexer.tick()).toBe(0);
    expect(temp.store.messageSearch.unindexed()).toBe(0);
  });

  it('keeps indexing through a burst once the backlog is large', () => {
    receive(60);
    expect(indexer.tick()).toBe(10);
    receive(5);
    expect(indexer.tick()).toBe(10);
  });
});
