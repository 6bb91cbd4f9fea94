import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newAccount, openTempStore, type TempStore } from '../test-support.js';
import {
  MAX_HEARTBEATS_PER_DEVICE,
  MAX_SESSION_BYTES,
  MAX_SESSIONS_PER_JID,
} from './omemo-sessions.js';

let t: TempStore;
beforeEach(() => {
  t = openTempStore();
  t.store.accounts.insert(newAccount('a1'));
  t.store.accounts.insert(newAccount('a2'));
  t.store.omemoIdentity.create('a1', { deviceId: 5, seed: new Uint8Array(32).fill(7) }, 1);
});
afterEach(() => t.dispose());

const record = (n: number, fill = 1) => new Uint8Array(n).fill(fill);

describe('OMEMO sessions', () => {
  it('store and replace a record per (jid, version, device), as bytes', () => {
    const s = t.store.omemoSessions;
    expect(s.get('a1', 'bob@x', 'omemo', 9)).toBeNull();
    s.put('a1', 'bob@x', 'omemo', 9, record(100), 10);
    s.put('a1', 'bob@x', 'omemo2', 9, record(5, 2), 11);
    s.put('a1', 'bob@x', 'omemo', 9, record(200, 3), 12);
    expect(s.get('a1', 'bob@x', 'omemo', 9)).toEqual({ record: record(200, 3), updatedAt: 12 });
    expect(s.get('a1', 'bob@x', 'omemo2', 9)).toEqual({ record: record(5, 2), updatedAt: 11 });
    expect(s.deviceIds('a1', 'bob@x', 'omemo')).toEqual([9]);
    expect(s.delete('a1', 'bob@x', 'omemo', 9)).toBe(true);
    expect(s.get('a1', 'bob@x', 'omemo', 9)).toBeNull();
    expect(s.deleteAll('a1', 'bob@x')).toBe(1);
    expect(s.get('a1', 'bob@x', 'omemo2', 9)).toBeNull();
  });

  it('refuse an empty or oversized record and keep the stored one', () => {
    const s = t.store.omemoSessions;
    s.put('a1', 'bob@x', 'omemo', 9, record(10), 1);
    expect(() => s.put('a1', 'bob@x', 'omemo', 9, record(MAX_SESSION_BYTES + 1), 2)).toThrow(
      /session record must be 1\.\.131072 bytes/,
    );
    expect(() => s.put('a1', 'bob@x', 'omemo', 9, record(0), 2)).toThrow(RangeError);
    expect(s.get('a1', 'bob@x', 'omemo', 9)).toEqual({ record: record(10), updatedAt: 1 });
    s.put('a1', 'bob@x', 'omemo', 9, record(MAX_SESSION_BYTES), 3);
    expect(s.get('a1', 'bob@x', 'omemo', 9)?.record.length).toBe(MAX_SESSION_BYTES);
  });

  it('need our identity (a session is bound to it)', () => {
    expect(() => t.store.omemoSessions.put('a2', 'bob@x', 'omemo', 9, record(1), 1)).toThrow(
      /FOREIGN KEY/,
    );
  });

  it('stay bounded per contact: the session used longest ago goes', () => {
    const s = t.store.omemoSessions;
    t.store.transaction(() => {
      for (let id = 1; id <= MAX_SESSIONS_PER_JID + 5; id++) {
        s.put('a1', 'eve@x', 'omemo', id, record(8), id);
      }
    });
    const kept = s.deviceIds('a1', 'eve@x', 'omemo');
    expect(kept).toHaveLength(MAX_SESSIONS_PER_JID);
    expect(kept[0]).toBe(6);
    expect(s.deviceIds('a1', 'bob@x', 'omemo')).toEqual([]);
  });

  it('answer each peer ratchet key with one heartbeat, remembering the newest few', () => {
    const s = t.store.omemoSessions;
    const key = (n: number) => new Uint8Array(33).fill(n);
    expect(s.noteHeartbeat('a1', 'bob@x', 'omemo', 9, key(1), 1)).toBe(true);
    expect(s.noteHeartbeat('a1', 'bob@x', 'omemo', 9, key(1), 2)).toBe(false);
    expect(s.hasHeartbeat('a1', 'bob@x', 'omemo', 9, key(1))).toBe(true);
    expect(s.hasHeartbeat('a1', 'bob@x', 'omemo', 8, key(1))).toBe(false);
    for (let n = 2; n <= MAX_HEARTBEATS_PER_DEVICE + 1; n++) {
      expect(s.noteHeartbeat('a1', 'bob@x', 'omemo', 9, key(n), n)).toBe(true);
    }
    expect(s.hasHeartbeat('a1', 'bob@x', 'omemo', 9, key(1))).toBe(false);
    expect(s.hasHeartbeat('a1', 'bob@x', 'omemo', 9, key(2))).toBe(true);
    expect(s.noteHeartbeat('a1', 'bob@x', 'omemo2', 9, new Uint8Array(32), 1)).toBe(true);
    expect(() => s.noteHeartbeat('a1', 'bob@x', 'omemo', 9, new Uint8Array(31), 1)).toThrow(
      RangeError,
    );
  });
});
