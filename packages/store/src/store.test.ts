import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newAccount, openTempStore, type TempStore } from './test-support.js';

let t: TempStore;
beforeEach(() => {
  t = openTempStore();
});
afterEach(() => t.dispose());

describe('store.transaction', () => {
  it('commits on return and hands back the value', () => {
    const value = t.store.transaction(() => {
      t.store.accounts.insert(newAccount('a1'));
      return 42;
    });
    expect(value).toBe(42);
    expect(t.store.accounts.get('a1')).not.toBeNull();
  });

  it('rolls back everything when fn throws', () => {
    expect(() =>
      t.store.transaction(() => {
        t.store.accounts.insert(newAccount('a1'));
        t.store.messages.insert({
          accountId: 'a1',
          peer: 'p@x',
          direction: 'in',
          body: 'hi',
          timestamp: 1,
          status: 'received',
        });
        throw new Error('abort');
      }),
    ).toThrow('abort');
    expect(t.store.accounts.list()).toEqual([]);
  });

  it('nests as a savepoint: an inner failure caught by the outer fn undoes only the inner part', () => {
    t.store.transaction(() => {
      t.store.accounts.insert(newAccount('a1'));
      try {
        t.store.transaction(() => {
          t.store.accounts.insert(newAccount('a2'));
          throw new Error('inner');
        });
      } catch {
        // expected
      }
    });
    expect(t.store.accounts.list().map((a) => a.id)).toEqual(['a1']);
  });

  it('close is idempotent', () => {
    t.store.close();
    expect(() => t.store.close()).not.toThrow();
  });
});
