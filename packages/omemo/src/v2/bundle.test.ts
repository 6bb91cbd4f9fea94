import { describe, expect, it } from 'vitest';
import { makeTestDevice } from '../test-support/v2-device.js';
import { OmemoV2Error } from './errors.js';
import { ownDeviceEntry, validateBundle, validateDeviceList, verifiedLabel } from './bundle.js';
import { findOwnKey, validateEncryptedMessage } from './message.js';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'accepted';
  } catch (e) {
    return e instanceof OmemoV2Error ? e.code : String(e);
  }
};

describe('bundles', () => {
  const d = makeTestDevice('a@example.org', 5);
  it('accepts our own bundle and refuses broken ones with a reason', () => {
    expect(validateBundle(d.bundle).preKeys).toHaveLength(25);
    expect(codeOf(() => validateBundle({ ...d.bundle, spkId: 0 }))).toBe('malformed');
    expect(codeOf(() => validateBundle({ ...d.bundle, preKeys: [] }))).toBe('malformed');
    expect(codeOf(() => validateBundle({ ...d.bundle, spk: d.bundle.spk.slice(1) }))).toBe(
      'malformed',
    );
    const dup = [...d.bundle.preKeys, d.bundle.preKeys[0]!];
    expect(codeOf(() => validateBundle({ ...d.bundle, preKeys: dup }))).toBe('malformed');
    const other = makeTestDevice('b@example.org', 6);
    expect(codeOf(() => validateBundle({ ...d.bundle, ik: other.bundle.ik }))).toBe(
      'bad-signature',
    );
  });
});

describe('device lists and labels', () => {
  const d = makeTestDevice('a@example.org', 5);
  const other = makeTestDevice('a@example.org', 6);
  it('shows a label only with a valid labelsig from the device identity', () => {
    const entry = ownDeviceEntry(d.own.identity, 5, 'Parley on Debian');
    expect(verifiedLabel(entry, d.own.identity.edPub)).toBe('Parley on Debian');
    expect(verifiedLabel(entry, other.own.identity.edPub)).toBeUndefined();
    expect(
      verifiedLabel({ id: 5, label: 'unsigned (twomemo 1.0.3)' }, d.own.identity.edPub),
    ).toBeUndefined();
    expect(verifiedLabel({ ...entry, label: 'Evil' }, d.own.identity.edPub)).toBeUndefined();
  });
  it('refuses ids outside 1..2^31-1, repeats and oversized lists', () => {
    expect(validateDeviceList([{ id: 1 }, { id: 2 ** 31 - 1 }])).toHaveLength(2);
    expect(codeOf(() => validateDeviceList([{ id: 0 }]))).toBe('malformed');
    expect(codeOf(() => validateDeviceList([{ id: 2 ** 31 }]))).toBe('malformed');
    expect(codeOf(() => validateDeviceList([{ id: 3 }, { id: 3 }]))).toBe('malformed');
    expect(
      codeOf(() => validateDeviceList(Array.from({ length: 101 }, (_, i) => ({ id: i + 1 })))),
    ).toBe('malformed');
  });
});

describe('encrypted message form', () => {
  const m = {
    sid: 7,
    keys: [
      { jid: 'Juliet@Capulet.lit', keys: [{ rid: 9, kex: false, data: new Uint8Array(40) }] },
      { jid: 'romeo@montague.lit', keys: [{ rid: 9, kex: true, data: new Uint8Array(40) }] },
    ],
    payload: new Uint8Array(16),
  };
  it('finds our key by bare JID and device id', () => {
    expect(findOwnKey(m, 'juliet@capulet.lit/balcony', 9)?.kex).toBe(false);
    expect(findOwnKey(m, 'romeo@montague.lit', 9)?.kex).toBe(true);
    expect(findOwnKey(m, 'romeo@montague.lit', 10)).toBeUndefined();
  });
  it('refuses bad ids, empty key data and empty payloads', () => {
    expect(codeOf(() => validateEncryptedMessage({ ...m, sid: 0 }))).toBe('malformed');
    expect(codeOf(() => validateEncryptedMessage({ ...m, payload: new Uint8Array(0) }))).toBe(
      'malformed',
    );
    const emptyData = {
      ...m,
      keys: [{ jid: 'a@b', keys: [{ rid: 1, kex: false, data: new Uint8Array(0) }] }],
    };
    expect(codeOf(() => validateEncryptedMessage(emptyData))).toBe('malformed');
  });
});
