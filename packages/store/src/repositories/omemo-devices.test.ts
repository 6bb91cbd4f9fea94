import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newAccount, openTempStore, type TempStore } from '../test-support.js';
import { MAX_DEVICES_PER_JID } from './omemo-devices.js';

let t: TempStore;
beforeEach(() => {
  t = openTempStore();
  t.store.accounts.insert(newAccount('a1'));
});
afterEach(() => t.dispose());

const ids = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => ({ deviceId: from + i }));

describe('OMEMO devices', () => {
  it('apply a device list: new ones added, missing ones kept but inactive, back is not new', () => {
    const d = t.store.omemoDevices;
    expect(d.applyList('a1', 'bob@x', 'omemo', [{ deviceId: 1 }, { deviceId: 2 }], 10)).toEqual({
      added: [1, 2],
      deactivated: [],
    });
    expect(d.applyList('a1', 'bob@x', 'omemo', [{ deviceId: 2 }, { deviceId: 3 }], 20)).toEqual({
      added: [3],
      deactivated: [1],
    });
    expect(d.list('a1', 'bob@x', 'omemo').map((r) => [r.deviceId, r.active])).toEqual([
      [1, false],
      [2, true],
      [3, true],
    ]);
    expect(d.applyList('a1', 'bob@x', 'omemo', [{ deviceId: 1 }], 30)).toEqual({
      added: [],
      deactivated: [2, 3],
    });
    expect(d.get('a1', 'bob@x', 'omemo', 1)).toEqual({
      jid: 'bob@x',
      namespace: 'omemo',
      deviceId: 1,
      label: null,
      active: true,
      firstSeenAt: 10,
      lastSeenListAt: 30,
      lastMessageAt: null,
      bundleError: null,
      sentUnanswered: 0,
    });
    // Per version: the OMEMO 2 list is another list.
    expect(d.list('a1', 'bob@x', 'omemo2')).toEqual([]);
  });

  it('keep a signed label when a later list carries none', () => {
    const d = t.store.omemoDevices;
    d.applyList('a1', 'bob@x', 'omemo2', [{ deviceId: 4, label: 'Phone' }], 1);
    d.applyList('a1', 'bob@x', 'omemo2', [{ deviceId: 4 }], 2);
    expect(d.get('a1', 'bob@x', 'omemo2', 4)?.label).toBe('Phone');
    d.applyList('a1', 'bob@x', 'omemo2', [{ deviceId: 4, label: 'Laptop' }], 3);
    expect(d.get('a1', 'bob@x', 'omemo2', 4)?.label).toBe('Laptop');
  });

  it('refuse a list that is too long or holds a bad id or label, changing nothing', () => {
    const d = t.store.omemoDevices;
    d.applyList('a1', 'bob@x', 'omemo', [{ deviceId: 1 }], 1);
    expect(() => d.applyList('a1', 'bob@x', 'omemo', ids(10, MAX_DEVICES_PER_JID + 1), 2)).toThrow(
      /at most 100/,
    );
    expect(() =>
      d.applyList('a1', 'bob@x', 'omemo', [{ deviceId: 2 }, { deviceId: 0 }], 2),
    ).toThrow(RangeError);
    expect(() =>
      d.applyList('a1', 'bob@x', 'omemo', [{ deviceId: 2, label: 'x'.repeat(201) }], 2),
    ).toThrow(/label/);
    expect(d.list('a1', 'bob@x', 'omemo').map((r) => [r.deviceId, r.active])).toEqual([[1, true]]);
  });

  it('stay bounded per contact: the inactive devices seen longest ago go first', () => {
    const d = t.store.omemoDevices;
    // Four lists of 100 fresh ids each: 400 devices announced, 100 kept.
    for (let round = 0; round < 4; round++) {
      d.applyList('a1', 'eve@x', 'omemo', ids(1 + round * 100, MAX_DEVICES_PER_JID), round);
    }
    const kept = d.list('a1', 'eve@x', 'omemo');
    expect(kept).toHaveLength(MAX_DEVICES_PER_JID);
    expect(kept.every((r) => r.active && r.deviceId > 300)).toBe(true);
    // A list of 60 keeps those 60 and the 40 inactive seen most recently.
    d.applyList('a1', 'eve@x', 'omemo', ids(1000, 60), 10);
    const after = d.list('a1', 'eve@x', 'omemo');
    expect(after).toHaveLength(MAX_DEVICES_PER_JID);
    expect(after.filter((r) => r.active).map((r) => r.deviceId)).toEqual(
      ids(1000, 60).map((x) => x.deviceId),
    );
  });

  it('count messages sent without an answer until the device writes', () => {
    const d = t.store.omemoDevices;
    d.applyList('a1', 'bob@x', 'omemo', [{ deviceId: 1 }, { deviceId: 2 }], 1);
    for (let i = 0; i < 3; i++) d.noteSent('a1', 'bob@x', 'omemo', [1, 2]);
    expect(d.get('a1', 'bob@x', 'omemo', 1)?.sentUnanswered).toBe(3);
    expect(d.noteMessageFrom('a1', 'bob@x', 'omemo', 1, 50)).toBe(true);
    // An older message met later (archive) does not move the time back.
    d.noteMessageFrom('a1', 'bob@x', 'omemo', 1, 40);
    expect(d.get('a1', 'bob@x', 'omemo', 1)).toMatchObject({
      sentUnanswered: 0,
      lastMessageAt: 50,
    });
    expect(d.get('a1', 'bob@x', 'omemo', 2)?.sentUnanswered).toBe(3);
    expect(d.noteMessageFrom('a1', 'bob@x', 'omemo', 9, 50)).toBe(false);
  });

  it('record a bundle error until it is cleared; remove a device', () => {
    const d = t.store.omemoDevices;
    d.applyList('a1', 'me@x', 'omemo', [{ deviceId: 1 }], 1);
    expect(d.setBundleError('a1', 'me@x', 'omemo', 1, 'no signed prekey')).toBe(true);
    expect(d.get('a1', 'me@x', 'omemo', 1)?.bundleError).toBe('no signed prekey');
    expect(() => d.setBundleError('a1', 'me@x', 'omemo', 1, 'x'.repeat(501))).toThrow(RangeError);
    d.setBundleError('a1', 'me@x', 'omemo', 1, null);
    expect(d.get('a1', 'me@x', 'omemo', 1)?.bundleError).toBeNull();
    expect(d.remove('a1', 'me@x', 'omemo', 1)).toBe(true);
    expect(d.list('a1', 'me@x', 'omemo')).toEqual([]);
  });
});
