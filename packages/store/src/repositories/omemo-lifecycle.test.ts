import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../database.js';
import { StoreKeyError } from '../errors.js';
import { openStore, type Store } from '../store.js';
import { newAccount, openTempStore, type TempStore } from '../test-support.js';

let t: TempStore;
beforeEach(() => {
  t = openTempStore();
  t.store.accounts.insert(newAccount('a1'));
  t.store.accounts.insert(newAccount('a2'));
});
afterEach(() => t.dispose());

const OMEMO_TABLES = [
  'omemo_identity',
  'omemo_signed_prekeys',
  'omemo_prekeys',
  'omemo_devices',
  'omemo_identities',
  'omemo_contacts',
  'omemo_sessions',
  'omemo_heartbeats',
  'omemo_conversations',
];

/** One row in every OMEMO table for the account. */
function fill(s: Store, accountId: string): void {
  const pair = { priv: new Uint8Array(32).fill(1), pub: new Uint8Array(32).fill(2) };
  s.omemoIdentity.create(accountId, { deviceId: 42, seed: new Uint8Array(32).fill(3) }, 1);
  s.omemoPrekeys.add(accountId, 'omemo', [pair], 1);
  s.omemoPrekeys.rotateSigned(accountId, 'omemo', { ...pair, signature: new Uint8Array(64) }, 1);
  s.omemoDevices.applyList(accountId, 'bob@x', 'omemo', [{ deviceId: 7 }], 1);
  s.omemoTrust.seen(accountId, 'bob@x', 7, new Uint8Array(32).fill(4), 1);
  s.omemoTrust.setTrust(accountId, 'bob@x', 7, 'verified', 2);
  s.omemoSessions.put(accountId, 'bob@x', 'omemo', 7, new Uint8Array([9, 9]), 1);
  s.omemoSessions.noteHeartbeat(accountId, 'bob@x', 'omemo', 7, new Uint8Array(33), 1);
  s.omemoConversations.set(accountId, 'bob@x', 'omemo', 1);
}

function rowsPerTable(path: string, key: Buffer, accountId: string): Record<string, number> {
  const db = openDatabase(path, key);
  try {
    return Object.fromEntries(
      OMEMO_TABLES.map((table) => [
        table,
        db.prepare(`SELECT count(*) FROM ${table} WHERE account_id = ?`).pluck().get(accountId),
      ]),
    ) as Record<string, number>;
  } finally {
    db.close();
  }
}

describe('OMEMO state in the store', () => {
  it('goes with its account, every table of it, and only that account', () => {
    fill(t.store, 'a1');
    fill(t.store, 'a2');
    t.store.close();
    const all1 = Object.fromEntries(OMEMO_TABLES.map((table) => [table, 1]));
    expect(rowsPerTable(t.path, t.key, 'a1')).toEqual(all1);
    const store = openStore({ path: t.path, key: t.key });
    expect(store.accounts.remove('a1')).toBe(true);
    store.close();
    const none = Object.fromEntries(OMEMO_TABLES.map((table) => [table, 0]));
    expect(rowsPerTable(t.path, t.key, 'a1')).toEqual(none);
    expect(rowsPerTable(t.path, t.key, 'a2')).toEqual(all1);
  });

  it('survives a rekey: the new key reads every OMEMO table, the old one nothing', () => {
    fill(t.store, 'a1');
    const next = randomBytes(32);
    t.store.rekey(next);
    t.store.close();
    expect(() => openStore({ path: t.path, key: t.key })).toThrow(StoreKeyError);
    const again = openStore({ path: t.path, key: next });
    try {
      expect(again.omemoIdentity.get('a1')?.seed).toEqual(new Uint8Array(32).fill(3));
      expect(again.omemoSessions.get('a1', 'bob@x', 'omemo', 7)?.record).toEqual(
        new Uint8Array([9, 9]),
      );
      expect(again.omemoTrust.get('a1', 'bob@x', 7)?.trust).toBe('verified');
      expect(again.omemoConversations.get('a1', 'bob@x')).toBe('omemo');
    } finally {
      again.close();
    }
    expect(rowsPerTable(t.path, next, 'a1')).toEqual(
      Object.fromEntries(OMEMO_TABLES.map((table) => [table, 1])),
    );
  });

  it('commits the ratchet step, the prekey use and the message together, or none of them', () => {
    const s = t.store;
    fill(s, 'a1');
    const stage = (body: string, fail: boolean) =>
      s.transaction(() => {
        s.omemoSessions.put('a1', 'bob@x', 'omemo', 7, new Uint8Array([1, 2, 3]), 5);
        s.omemoPrekeys.markConsumed('a1', 'omemo', 1, 5);
        s.omemoDevices.noteMessageFrom('a1', 'bob@x', 'omemo', 7, 5);
        s.messages.insert({
          accountId: 'a1',
          peer: 'bob@x',
          direction: 'in',
          body,
          timestamp: 5,
          status: 'received',
          stanzaId: 'st-1',
          encryption: 'omemo',
          senderDevice: 7,
          trust: 'verified',
        });
        if (fail) throw new Error('disk full');
      });
    expect(() => stage('hello', true)).toThrow('disk full');
    expect(s.omemoSessions.get('a1', 'bob@x', 'omemo', 7)?.record).toEqual(new Uint8Array([9, 9]));
    expect(s.omemoPrekeys.get('a1', 'omemo', 1)?.consumedAt).toBeNull();
    expect(s.omemoDevices.get('a1', 'bob@x', 'omemo', 7)?.lastMessageAt).toBeNull();
    expect(s.messages.count('a1', 'bob@x')).toBe(0);
    stage('hello', false);
    expect(s.omemoSessions.get('a1', 'bob@x', 'omemo', 7)?.record).toEqual(
      new Uint8Array([1, 2, 3]),
    );
    expect(s.omemoPrekeys.get('a1', 'omemo', 1)?.consumedAt).toBe(5);
    expect(s.messages.page('a1', 'bob@x', { beforeId: null, limit: 5 }).messages).toMatchObject([
      { body: 'hello', encryption: 'omemo', senderDevice: 7, trust: 'verified' },
    ]);
  });

  it('keeps the encryption chosen per conversation, and no choice apart from "off"', () => {
    const c = t.store.omemoConversations;
    expect(c.get('a1', 'bob@x')).toBeNull();
    c.set('a1', 'bob@x', 'off', 1);
    expect(c.get('a1', 'bob@x')).toBe('off');
    c.set('a1', 'bob@x', 'omemo', 2);
    expect(c.get('a1', 'bob@x')).toBe('omemo');
    expect(c.get('a2', 'bob@x')).toBeNull();
    expect(() => c.set('a1', 'bob@x', 'pgp' as 'off', 3)).toThrow(RangeError);
    expect(c.get('a1', 'bob@x')).toBe('omemo');
    expect(c.clear('a1', 'bob@x')).toBe(true);
    expect(c.get('a1', 'bob@x')).toBeNull();
  });
});
