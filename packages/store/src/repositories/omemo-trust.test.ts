import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newAccount, openTempStore, type TempStore } from '../test-support.js';
import { MAX_IDENTITIES_PER_JID } from './omemo-trust.js';

let t: TempStore;
beforeEach(() => {
  t = openTempStore();
  t.store.accounts.insert(newAccount('a1'));
});
afterEach(() => t.dispose());

const key = (n: number) => new Uint8Array(32).fill(n);

describe('OMEMO trust', () => {
  it('reports a changed key to its listeners once per different key, never a known one', () => {
    const tr = t.store.omemoTrust;
    const changes: unknown[] = [];
    const stop = tr.onKeyChange((c) => changes.push(c));
    tr.seen('a1', 'bob@x', 1, key(1), 10);
    tr.seen('a1', 'bob@x', 1, key(1), 11);
    expect(changes).toEqual([]);
    tr.seen('a1', 'bob@x', 1, key(2), 20);
    tr.seen('a1', 'bob@x', 1, key(2), 21);
    expect(changes).toEqual([
      { accountId: 'a1', jid: 'bob@x', deviceId: 1, pinnedKey: key(1), newKey: key(2) },
    ]);
    tr.seen('a1', 'bob@x', 1, key(3), 22);
    expect(changes).toHaveLength(2);
    stop();
    tr.seen('a1', 'bob@x', 1, key(4), 23);
    expect(changes).toHaveLength(2);
  });

  it('pins the first key of a device, blindly trusted while the contact has no decision', () => {
    const tr = t.store.omemoTrust;
    expect(tr.seen('a1', 'bob@x', 1, key(1), 10)).toEqual({ kind: 'new', trust: 'blind' });
    expect(tr.seen('a1', 'bob@x', 1, key(1), 20)).toEqual({ kind: 'known', trust: 'blind' });
    expect(tr.get('a1', 'bob@x', 1)).toEqual({
      jid: 'bob@x',
      deviceId: 1,
      key: key(1),
      trust: 'blind',
      firstSeenAt: 10,
      trustAt: 10,
      conflictingKey: null,
      conflictAt: null,
    });
  });

  it('raises an alert for a changed key and never replaces the pinned one by itself', () => {
    const tr = t.store.omemoTrust;
    tr.seen('a1', 'bob@x', 1, key(1), 10);
    tr.setTrust('a1', 'bob@x', 1, 'verified', 11);
    expect(tr.seen('a1', 'bob@x', 1, key(2), 20)).toEqual({
      kind: 'key-changed',
      trust: 'verified',
    });
    // Seen again: still an alert, still the old key.
    expect(tr.seen('a1', 'bob@x', 1, key(2), 21).kind).toBe('key-changed');
    expect(tr.get('a1', 'bob@x', 1)).toMatchObject({
      key: key(1),
      trust: 'verified',
      conflictingKey: key(2),
      conflictAt: 21,
    });
    // Rejected: the alert goes, the pinned key and its trust stay.
    expect(tr.rejectChangedKey('a1', 'bob@x', 1)).toBe(true);
    expect(tr.get('a1', 'bob@x', 1)).toMatchObject({
      key: key(1),
      trust: 'verified',
      conflictingKey: null,
    });
    expect(tr.acceptChangedKey('a1', 'bob@x', 1, 30)).toBe(false);
    // Accepted: the new key is pinned and must be decided anew.
    tr.seen('a1', 'bob@x', 1, key(3), 40);
    expect(tr.acceptChangedKey('a1', 'bob@x', 1, 41)).toBe(true);
    expect(tr.get('a1', 'bob@x', 1)).toMatchObject({
      key: key(3),
      trust: 'undecided',
      trustAt: 41,
      conflictingKey: null,
    });
    expect(tr.seen('a1', 'bob@x', 1, key(3), 50).kind).toBe('known');
    // A distrusted device stays distrusted through an accepted key change.
    tr.setTrust('a1', 'bob@x', 1, 'distrusted', 60);
    tr.seen('a1', 'bob@x', 1, key(4), 61);
    expect(tr.acceptChangedKey('a1', 'bob@x', 1, 62)).toBe(true);
    expect(tr.get('a1', 'bob@x', 1)).toMatchObject({ key: key(4), trust: 'distrusted' });
  });

  it('ends blind trust for a contact once one of its devices is verified or distrusted', () => {
    const tr = t.store.omemoTrust;
    tr.seen('a1', 'bob@x', 1, key(1), 1);
    tr.seen('a1', 'bob@x', 2, key(2), 1);
    expect(tr.contact('a1', 'bob@x')).toEqual({ blindTrust: true });
    expect(tr.setTrust('a1', 'bob@x', 1, 'verified', 2)).toBe(true);
    expect(tr.contact('a1', 'bob@x')).toEqual({ blindTrust: false });
    expect(tr.seen('a1', 'bob@x', 3, key(3), 3)).toEqual({ kind: 'new', trust: 'undecided' });
    // Devices trusted blindly before stay blind; another contact is untouched.
    expect(tr.get('a1', 'bob@x', 2)?.trust).toBe('blind');
    expect(tr.seen('a1', 'carol@x', 1, key(4), 3)).toEqual({ kind: 'new', trust: 'blind' });
    tr.setTrust('a1', 'carol@x', 1, 'distrusted', 4);
    expect(tr.seen('a1', 'carol@x', 2, key(5), 5).trust).toBe('undecided');
    // Distrusted stays distrusted whatever is seen afterwards.
    expect(tr.seen('a1', 'carol@x', 1, key(4), 6)).toEqual({ kind: 'known', trust: 'distrusted' });
    expect(tr.list('a1', 'carol@x').map((r) => [r.deviceId, r.trust])).toEqual([
      [1, 'distrusted'],
      [2, 'undecided'],
    ]);
  });

  it('lets the user turn blind trust back on for a contact', () => {
    const tr = t.store.omemoTrust;
    tr.seen('a1', 'bob@x', 1, key(1), 1);
    tr.setTrust('a1', 'bob@x', 1, 'verified', 2);
    tr.setContact('a1', 'bob@x', { blindTrust: true });
    expect(tr.seen('a1', 'bob@x', 2, key(2), 3).trust).toBe('blind');
  });

  it('refuses unknown trust values and bad keys; an unknown device changes nothing', () => {
    const tr = t.store.omemoTrust;
    expect(tr.setTrust('a1', 'bob@x', 1, 'verified', 1)).toBe(false);
    expect(tr.contact('a1', 'bob@x')).toEqual({ blindTrust: true });
    tr.seen('a1', 'bob@x', 1, key(1), 1);
    expect(() => tr.setTrust('a1', 'bob@x', 1, 'maybe' as 'blind', 2)).toThrow(RangeError);
    expect(() => tr.seen('a1', 'bob@x', 2, new Uint8Array(33), 2)).toThrow(/32 bytes/);
    expect(() => tr.seen('a1', 'bob@x', 0, key(1), 2)).toThrow(RangeError);
    expect(tr.list('a1', 'bob@x')).toHaveLength(1);
  });

  it('stays bounded per contact, dropping keys of listed-no-more devices nobody decided on', () => {
    const tr = t.store.omemoTrust;
    t.store.omemoDevices.applyList('a1', 'eve@x', 'omemo', [{ deviceId: 1 }], 0);
    tr.seen('a1', 'eve@x', 1, key(1), 0);
    tr.seen('a1', 'eve@x', 2, key(2), 0);
    tr.setTrust('a1', 'eve@x', 2, 'distrusted', 0);
    t.store.transaction(() => {
      for (let id = 3; id <= MAX_IDENTITIES_PER_JID + 10; id++)
        tr.seen('a1', 'eve@x', id, key(3), id);
    });
    const kept = tr.list('a1', 'eve@x');
    expect(kept).toHaveLength(MAX_IDENTITIES_PER_JID);
    // The active device's key and the user's decision survive; the oldest made-up ones went.
    expect(kept.map((r) => r.deviceId).slice(0, 3)).toEqual([1, 2, 13]);
  });

  it('refuses a new key once every kept key is in use or decided', () => {
    const tr = t.store.omemoTrust;
    t.store.transaction(() => {
      for (let id = 1; id <= MAX_IDENTITIES_PER_JID; id++) {
        tr.seen('a1', 'eve@x', id, key(1), id);
        tr.setTrust('a1', 'eve@x', id, 'distrusted', id);
      }
    });
    expect(() => tr.seen('a1', 'eve@x', 999, key(1), 999)).toThrow(/all in use or decided/);
    expect(tr.get('a1', 'eve@x', 999)).toBeNull();
    expect(tr.list('a1', 'eve@x')).toHaveLength(MAX_IDENTITIES_PER_JID);
  });
});
