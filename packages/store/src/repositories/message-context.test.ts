import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempStore, type TempStore } from '../test-support.js';
import { newAccount } from '../test-support.js';

let t: TempStore;
beforeEach(() => {
  t = openTempStore();
  t.store.accounts.insert(newAccount('a1'));
  for (let i = 0; i < 30; i++) {
    t.store.messages.insert({
      id: `m${i}`,
      accountId: 'a1',
      peer: i % 2 ? 'bob@x' : 'carol@x',
      direction: 'in',
      body: `message ${i}`,
      // Pairs of equal stamps: the (timestamp, seq) order decides.
      timestamp: 1_700_000_000_000 + Math.floor(i / 4) * 1000,
      status: 'received',
    });
  }
});
afterEach(() => t.dispose());

describe('message context', () => {
  it('counts the page that reaches a message from the newest or from a loaded message', () => {
    const { messageContext, messages } = t.store;
    // bob's messages are m1, m3, ..., m29 (15); m9 is the 5th, so 11 are not older than it.
    expect(messageContext.distance('a1', 'bob@x', 'm9', null)).toBe(11);
    const page = messages.page('a1', 'bob@x', { beforeId: null, limit: 11 });
    expect(page.messages[0]?.id).toBe('m9');
    // From m21 (loaded) back to m9: m9..m19 is 6 messages.
    expect(messageContext.distance('a1', 'bob@x', 'm9', 'm21')).toBe(6);
    const older = messages.page('a1', 'bob@x', { beforeId: 'm21', limit: 6 });
    expect(older.messages.map((m) => m.id)).toEqual(['m9', 'm11', 'm13', 'm15', 'm17', 'm19']);
  });

  it('answers null for a message of another conversation or one already loaded', () => {
    const { messageContext } = t.store;
    expect(messageContext.distance('a1', 'bob@x', 'm8', null)).toBeNull();
    expect(messageContext.distance('a1', 'bob@x', 'nope', null)).toBeNull();
    expect(messageContext.distance('a1', 'bob@x', 'm21', 'm9')).toBeNull();
    expect(messageContext.distance('a1', 'bob@x', 'm9', 'gone')).toBeNull();
  });
});
