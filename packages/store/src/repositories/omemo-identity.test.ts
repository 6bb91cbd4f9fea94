import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreConflictError } from '../errors.js';
import { openStore } from '../store.js';
import { newAccount, openTempStore, type TempStore } from '../test-support.js';

let t: TempStore;
beforeEach(() => {
  t = openTempStore();
  t.store.accounts.insert(newAccount('a1'));
});
afterEach(() => t.dispose());

const seed = new Uint8Array(32).map((_, i) => i + 1);
const keys = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    priv: new Uint8Array(32).fill(i + 1),
    pub: new Uint8Array(32).fill(100 + i),
  }));

describe('OMEMO identity', () => {
  it('stores our seed and device id and reads them back after a reopen', () => {
    expect(t.store.omemoIdentity.get('a1')).toBeNull();
    const created = t.store.omemoIdentity.create('a1', { deviceId: 2 ** 31 - 1, seed }, 1000);
    expect(created).toEqual({
      accountId: 'a1',
      deviceId: 2 ** 31 - 1,
      seed,
      nextPrekeyId: 1,
      nextSignedPrekeyId: 1,
      createdAt: 1000,
    });
    t.store.close();
    const again = openStore({ path: t.path, key: t.key });
    try {
      expect(again.omemoIdentity.get('a1')).toEqual(created);
    } finally {
      again.close();
    }
  });

  it('never replaces an existing identity', () => {
    t.store.omemoIdentity.create('a1', { deviceId: 5, seed }, 1);
    expect(() =>
      t.store.omemoIdentity.create('a1', { deviceId: 6, seed: new Uint8Array(32) }, 2),
    ).toThrow(StoreConflictError);
    expect(t.store.omemoIdentity.get('a1')).toMatchObject({ deviceId: 5, seed });
  });

  it('refuses a seed of the wrong size and device ids outside 1..2^31-1, storing nothing', () => {
    expect(() =>
      t.store.omemoIdentity.create('a1', { deviceId: 5, seed: new Uint8Array(31) }, 1),
    ).toThrow(/seed must be 32 bytes/);
    for (const deviceId of [0, -1, 2 ** 31, 1.5, Number.NaN]) {
      expect(() => t.store.omemoIdentity.create('a1', { deviceId, seed }, 1)).toThrow(RangeError);
    }
    expect(t.store.omemoIdentity.get('a1')).toBeNull();
    expect(() => t.store.omemoIdentity.create('nobody', { deviceId: 5, seed }, 1)).toThrow(
      /FOREIGN KEY/,
    );
  });

  it('takes a new device id (after a collision)', () => {
    t.store.omemoIdentity.create('a1', { deviceId: 5, seed }, 1);
    expect(t.store.omemoIdentity.setDeviceId('a1', 77)).toBe(true);
    expect(t.store.omemoIdentity.get('a1')?.deviceId).toBe(77);
    expect(() => t.store.omemoIdentity.setDeviceId('a1', 0)).toThrow(RangeError);
    expect(t.store.omemoIdentity.setDeviceId('a2', 8)).toBe(false);
  });

  it('reset takes our keys, sessions and heartbeats with it, not what we know of others', () => {
    const s = t.store;
    s.omemoIdentity.create('a1', { deviceId: 5, seed }, 1);
    s.omemoPrekeys.add('a1', 'omemo', keys(3), 1);
    s.omemoPrekeys.rotateSigned(
      'a1',
      'omemo2',
      { ...keys(1)[0]!, signature: new Uint8Array(64) },
      1,
    );
    s.omemoSessions.put('a1', 'bob@x', 'omemo', 9, new Uint8Array([1, 2, 3]), 1);
    s.omemoSessions.noteHeartbeat('a1', 'bob@x', 'omemo', 9, new Uint8Array(33), 1);
    s.omemoDevices.applyList('a1', 'bob@x', 'omemo', [{ deviceId: 9 }], 1);
    s.omemoTrust.seen('a1', 'bob@x', 9, new Uint8Array(32).fill(9), 1);

    expect(s.omemoIdentity.delete('a1')).toBe(true);
    expect(s.omemoIdentity.delete('a1')).toBe(false);
    expect(s.omemoPrekeys.published('a1', 'omemo')).toEqual([]);
    expect(s.omemoPrekeys.currentSigned('a1', 'omemo2')).toBeNull();
    expect(s.omemoSessions.get('a1', 'bob@x', 'omemo', 9)).toBeNull();
    expect(s.omemoSessions.hasHeartbeat('a1', 'bob@x', 'omemo', 9, new Uint8Array(33))).toBe(false);
    expect(s.omemoDevices.list('a1', 'bob@x', 'omemo')).toHaveLength(1);
    expect(s.omemoTrust.get('a1', 'bob@x', 9)?.trust).toBe('blind');
    // A new identity starts its counters again: the old ids died with the old key.
    expect(s.omemoIdentity.create('a1', { deviceId: 6, seed }, 2).nextPrekeyId).toBe(1);
  });
});
