import { describe, expect, it } from 'vitest';
import {
  blindTrustActive,
  mayDecryptFrom,
  mayEncryptTo,
  showsUnverifiedMarker,
  trustForNewDevice,
  type TrustLevel,
} from './btbv.js';

describe('BTBV', () => {
  it.each<[TrustLevel[], TrustLevel]>([
    [[], 'blind'],
    [['blind'], 'blind'],
    [['undecided', 'blind'], 'blind'],
    [['blind', 'verified'], 'undecided'],
    [['distrusted'], 'undecided'],
    [['undecided', 'distrusted', 'blind'], 'undecided'],
  ])('a new device next to %j starts %s', (others, expected) => {
    expect(trustForNewDevice(others)).toBe(expected);
    expect(blindTrustActive(others)).toBe(expected === 'blind');
  });

  it.each<[TrustLevel, boolean, boolean, boolean]>([
    ['undecided', false, true, true],
    ['blind', true, true, true],
    ['verified', true, true, false],
    ['distrusted', false, false, true],
  ])('%s: encrypt to %s, decrypt from %s, unverified marker %s', (level, enc, dec, marker) => {
    expect(mayEncryptTo(level)).toBe(enc);
    expect(mayDecryptFrom(level)).toBe(dec);
    expect(showsUnverifiedMarker(level)).toBe(marker);
  });
});
