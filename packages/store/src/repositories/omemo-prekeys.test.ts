import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../errors.js';
import { newAccount, openTempStore, type TempStore } from '../test-support.js';
import { MAX_PUBLISHED_PREKEYS, MAX_STORED_PREKEYS } from './omemo-prekeys.js';

let t: TempStore;
beforeEach(() => {
  t = openTempStore();
  t.store.accounts.insert(newAccount('a1'));
  t.store.accounts.insert(newAccount('a2'));
  t.store.omemoIdentity.create('a1', { deviceId: 5, seed: new Uint8Array(32).fill(7) }, 1);
});
afterEach(() => t.dispose());

const keys = (n: number, salt = 0) =>
  Array.from({ length: n }, (_, i) => ({
    priv: new Uint8Array(32).fill((i + salt) % 256),
    pub: new Uint8Array(32).fill((i + salt + 1) % 256),
  }));
const signed = (salt: number) => ({
  priv: new Uint8Array(32).fill(salt),
  pub: new Uint8Array(32).fill(salt + 1),
  signature: new Uint8Array(64).fill(salt + 2),
});

describe('OMEMO prekeys', () => {
  it('give out rising ids that are never reused, even after deletion', () => {
    const p = t.store.omemoPrekeys;
    const first = p.add('a1', 'omemo', keys(3), 10);
    expect(first.map((k) => k.id)).toEqual([1, 2, 3]);
    expect(p.get('a1', 'omemo', 2)).toEqual({
      id: 2,
      priv: keys(3)[1]!.priv,
      pub: keys(3)[1]!.pub,
      createdAt: 10,
      consumedAt: null,
    });
    expect(p.markConsumed('a1', 'omemo', 3, 20)).toBe(true);
    expect(p.deleteConsumed('a1')).toBe(1);
    // The other version shares the counter: an id names one key of this identity only.
    expect(p.add('a1', 'omemo2', keys(2), 30).map((k) => k.id)).toEqual([4, 5]);
    expect(p.add('a1', 'omemo', keys(1), 30).map((k) => k.id)).toEqual([6]);
    expect(t.store.omemoIdentity.get('a1')?.nextPrekeyId).toBe(7);
  });

  it('keep a consumed prekey readable off the bundle until catch-up ends', () => {
    const p = t.store.omemoPrekeys;
    p.add('a1', 'omemo', keys(3), 10);
    expect(p.markConsumed('a1', 'omemo', 2, 20)).toBe(true);
    // Consumed once; a second message with the same prekey does not move the time.
    expect(p.markConsumed('a1', 'omemo', 2, 30)).toBe(false);
    expect(p.markConsumed('a1', 'omemo2', 1, 30)).toBe(false);
    expect(p.published('a1', 'omemo').map((k) => k.id)).toEqual([1, 3]);
    expect(p.countPublished('a1', 'omemo')).toBe(2);
    expect(p.get('a1', 'omemo', 2)?.consumedAt).toBe(20);
    expect(p.deleteConsumed('a1')).toBe(1);
    expect(p.get('a1', 'omemo', 2)).toBeNull();
    expect(p.published('a1', 'omemo').map((k) => k.id)).toEqual([1, 3]);
  });

  it('refuse keys of the wrong size, more than the bounds, or no identity; nothing is stored', () => {
    const p = t.store.omemoPrekeys;
    const bad = [...keys(2), { priv: new Uint8Array(33), pub: new Uint8Array(32) }];
    expect(() => p.add('a1', 'omemo', bad, 1)).toThrow(/prekey 2's private key must be 32 bytes/);
    expect(() => p.add('a1', 'omemo', keys(MAX_PUBLISHED_PREKEYS + 1), 1)).toThrow(RangeError);
    expect(p.published('a1', 'omemo')).toEqual([]);
    expect(t.store.omemoIdentity.get('a1')?.nextPrekeyId).toBe(1);
    expect(() => p.add('a2', 'omemo', keys(1), 1)).toThrow(StoreError);
    expect(() => p.add('a1', 'omemo3' as 'omemo', keys(1), 1)).toThrow(/unknown OMEMO version/);
  });

  it('bound the consumed ones waiting for the end of catch-up', () => {
    const p = t.store.omemoPrekeys;
    const rounds = MAX_STORED_PREKEYS / MAX_PUBLISHED_PREKEYS;
    for (let r = 0; r < rounds; r++) {
      for (const k of p.add('a1', 'omemo', keys(MAX_PUBLISHED_PREKEYS), r)) {
        p.markConsumed('a1', 'omemo', k.id, r);
      }
    }
    expect(() => p.add('a1', 'omemo', keys(1), 99)).toThrow(/delete the consumed ones/);
    p.deleteConsumed('a1');
    expect(p.add('a1', 'omemo', keys(1), 99)).toHaveLength(1);
  });

  it('rotate the signed prekey, keeping the retired one one period', () => {
    const p = t.store.omemoPrekeys;
    expect(p.currentSigned('a1', 'omemo')).toBeNull();
    const one = p.rotateSigned('a1', 'omemo', signed(1), 100);
    expect(one).toEqual({ id: 1, ...signed(1), createdAt: 100, retiredAt: null });
    const two = p.rotateSigned('a1', 'omemo', signed(2), 200);
    expect(two.id).toBe(2);
    expect(p.currentSigned('a1', 'omemo')?.id).toBe(2);
    expect(p.getSigned('a1', 'omemo', 1)?.retiredAt).toBe(200);
    // The other version's current key is its own.
    expect(p.rotateSigned('a1', 'omemo2', signed(3), 250).id).toBe(3);
    expect(p.currentSigned('a1', 'omemo')?.id).toBe(2);
    // Retired at 200: still kept when pruning those retired up to 199.
    expect(p.pruneRetired('a1', 199)).toBe(0);
    expect(p.pruneRetired('a1', 200)).toBe(1);
    expect(p.getSigned('a1', 'omemo', 1)).toBeNull();
    expect(p.currentSigned('a1', 'omemo')?.id).toBe(2);
    expect(() =>
      p.rotateSigned('a1', 'omemo', { ...signed(4), signature: new Uint8Array(63) }, 300),
    ).toThrow(/signature must be 64 bytes/);
    expect(p.currentSigned('a1', 'omemo')?.id).toBe(2);
  });
});
