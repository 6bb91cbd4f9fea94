import { describe, expect, it } from 'vitest';
import { decideKeyMode, type ProfileState } from './key-mode.js';

const none: ProfileState = {
  databaseExists: false,
  keychainKeyExists: false,
  passphraseSaltExists: false,
  keychainUsable: true,
};

describe('store key mode from the profile files', () => {
  it('a keychain profile started once without a keychain is refused, not turned into a passphrase one', () => {
    const keychainProfile = { ...none, databaseExists: true, keychainKeyExists: true };
    const mode = decideKeyMode({ ...keychainProfile, keychainUsable: false });
    expect(mode.kind).toBe('refuse');
    if (mode.kind === 'refuse') expect(mode.reason).toMatch(/keychain.*Nothing was changed/s);
    // And once the keychain is back, it opens with it again.
    expect(decideKeyMode(keychainProfile)).toEqual({ kind: 'keychain', create: false });
  });

  it('the keychain key wins over a salt left by an earlier faulty start', () => {
    const both = {
      ...none,
      databaseExists: true,
      keychainKeyExists: true,
      passphraseSaltExists: true,
    };
    expect(decideKeyMode(both)).toEqual({ kind: 'keychain', create: false });
  });

  it('a passphrase profile stays one, whether or not a keychain appeared since', () => {
    const profile = { ...none, databaseExists: true, passphraseSaltExists: true };
    expect(decideKeyMode(profile)).toEqual({ kind: 'passphrase', create: false });
    expect(decideKeyMode({ ...profile, keychainUsable: false })).toEqual({
      kind: 'passphrase',
      create: false,
    });
  });

  it('a new profile uses the keychain when usable, else a new passphrase', () => {
    expect(decideKeyMode(none)).toEqual({ kind: 'keychain', create: true });
    expect(decideKeyMode({ ...none, keychainUsable: false })).toEqual({
      kind: 'passphrase',
      create: true,
    });
  });

  it('a database without any key file is refused, never given a new key', () => {
    expect(decideKeyMode({ ...none, databaseExists: true }).kind).toBe('refuse');
    expect(decideKeyMode({ ...none, databaseExists: true, keychainUsable: false }).kind).toBe(
      'refuse',
    );
  });
});
