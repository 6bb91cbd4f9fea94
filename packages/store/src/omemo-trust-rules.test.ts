import type { OmemoTrust } from '@parley/contract';
import { describe, expect, it } from 'vitest';
import {
  NEW_CONTACT,
  contactAfterManual,
  mayEncryptTo,
  mayShowFrom,
  onKeySeen,
  trustAfterKeyAccepted,
  trustForNewDevice,
} from './omemo-trust-rules.js';

const K1 = new Uint8Array(32).fill(1);
const K2 = new Uint8Array(32).fill(2);
const BLIND = { blindTrust: true };
const MANUAL = { blindTrust: false };
const ALL: OmemoTrust[] = ['undecided', 'blind', 'verified', 'distrusted'];

describe('Blind Trust Before Verification', () => {
  it.each([
    // contact state, what a device seen for the first time gets
    [BLIND, 'blind'],
    [MANUAL, 'undecided'],
  ] as const)('a new device of a contact with %o is %s', (contact, trust) => {
    expect(trustForNewDevice(contact)).toBe(trust);
    expect(onKeySeen(null, K1, contact)).toEqual({ kind: 'new', trust });
  });

  it('applies to a contact never seen', () => {
    expect(NEW_CONTACT).toEqual(BLIND);
  });

  it.each([
    // manual decision, blind trust of the contact afterwards (starting blind / starting manual)
    ['verified', false, false],
    ['distrusted', false, false],
    ['blind', true, false],
    ['undecided', true, false],
  ] as const)('a manual %s leaves blind trust %s (from blind) / %s (from manual)', (t, b, m) => {
    expect(contactAfterManual(BLIND, t).blindTrust).toBe(b);
    expect(contactAfterManual(MANUAL, t).blindTrust).toBe(m);
  });

  it.each(ALL)('a known key keeps its trust (%s), under either contact state', (trust) => {
    for (const contact of [BLIND, MANUAL]) {
      expect(onKeySeen({ key: K1, trust }, new Uint8Array(K1), contact)).toEqual({
        kind: 'known',
        trust,
      });
    }
  });

  it.each(ALL)('a changed key is an alert and never takes over the trust (%s)', (trust) => {
    for (const contact of [BLIND, MANUAL]) {
      expect(onKeySeen({ key: K1, trust }, K2, contact)).toEqual({ kind: 'key-changed', trust });
    }
    // A key of another length is a different key too, not a crash.
    expect(onKeySeen({ key: K1, trust }, new Uint8Array(33), BLIND).kind).toBe('key-changed');
  });

  it.each([
    ['undecided', 'undecided'],
    ['blind', 'undecided'],
    ['verified', 'undecided'],
    ['distrusted', 'distrusted'],
  ] as const)('an accepted changed key of a %s device starts %s', (before, after) => {
    expect(trustAfterKeyAccepted(before)).toBe(after);
  });

  it.each([
    ['undecided', false, true],
    ['blind', true, true],
    ['verified', true, true],
    ['distrusted', false, false],
  ] as const)('%s: encrypt to it %s, show its messages %s', (trust, encrypt, show) => {
    expect(mayEncryptTo(trust)).toBe(encrypt);
    expect(mayShowFrom(trust)).toBe(show);
  });
});
