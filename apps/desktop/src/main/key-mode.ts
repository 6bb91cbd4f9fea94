import { join } from 'node:path';
import { tFor } from './i18n.js';

const t = tFor('desktop');

/** The files of one profile that decide how its store key is kept. */
export interface ProfileFiles {
  database: string;
  /** The random store key, encrypted by the OS keychain (Electron safeStorage). */
  keychainKey: string;
  /** The scrypt salt and cost of a passphrase-derived key. */
  passphraseSalt: string;
}

export function profileFiles(profile: string): ProfileFiles {
  return {
    database: join(profile, 'parley.db'),
    keychainKey: join(profile, 'store.key'),
    passphraseSalt: join(profile, 'store.salt'),
  };
}

export type KeyMode =
  | { kind: 'keychain'; create: boolean }
  | { kind: 'passphrase'; create: boolean }
  /** Nothing may be opened or written: `reason` says why, for the user. */
  | { kind: 'refuse'; reason: string };

export interface ProfileState {
  databaseExists: boolean;
  keychainKeyExists: boolean;
  passphraseSaltExists: boolean;
  /** The OS keychain can protect a secret now (not Linux's fixed-password fallback). */
  keychainUsable: boolean;
}

/**
 * How to get this profile's store key, from which key file exists: never from whether the
 * keychain happens to work today. A profile keyed by the keychain stays so; when the keychain is
 * unusable it is refused untouched (creating a passphrase salt then would lock the profile out
 * for good). Only a new profile chooses: the keychain when it is usable, else a passphrase.
 */
export function decideKeyMode(state: ProfileState): KeyMode {
  if (state.keychainKeyExists) {
    if (state.keychainUsable) return { kind: 'keychain', create: false };
    return {
      kind: 'refuse',
      reason: t(
        "This profile's key is kept in the system keychain, which Parley cannot use right now (no secret service is running or unlocked). Nothing was changed: unlock or start the keychain, then start Parley again.",
      ),
    };
  }
  if (state.passphraseSaltExists) return { kind: 'passphrase', create: !state.databaseExists };
  if (state.databaseExists) {
    return {
      kind: 'refuse',
      reason: t(
        "The profile's database exists but its key file (store.key or store.salt) is missing, so it cannot be opened. Nothing was changed: restore the key file from a backup.",
      ),
    };
  }
  return { kind: state.keychainUsable ? 'keychain' : 'passphrase', create: true };
}
