import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { openStore, StoreCorruptError, StoreKeyError, type Store } from '@parley/store';
import type { ProfileFiles, ProfileState } from './key-mode.js';
import {
  derivePassphraseKey,
  KDF_COST,
  type KdfParams,
  MAX_PASSPHRASE_LENGTH,
  newKdfParams,
  newPassphraseProblem,
  readKdfParams,
  writeKdfParams,
} from './passphrase-key.js';
import { tFor } from './i18n.js';

const t = tFor('desktop');

/** The OS keychain as Electron's safeStorage offers it (a seam, so this runs under Node). */
export interface Keychain {
  usable(): boolean;
  encrypt(text: string): Buffer;
  decrypt(data: Buffer): string;
}

export function profileState(files: ProfileFiles, keychainUsable: boolean): ProfileState {
  return {
    databaseExists: existsSync(files.database),
    keychainKeyExists: existsSync(files.keychainKey),
    passphraseSaltExists: existsSync(files.passphraseSalt),
    keychainUsable,
  };
}

/** What the user reads when the key is right but the database cannot be read. */
export function damagedStore(): string {
  return t(
    "Parley's database is damaged: the key is right but the file cannot be read. Nothing was changed; restore the profile from a backup.",
  );
}

/**
 * An opened profile store and the key that opened it: main proves the key and migrates, then
 * closes the store and hands the key to the backend process (backend-host.ts).
 */
export interface OpenedProfile {
  store: Store;
  key: Buffer;
}

/**
 * Opens a keychain-keyed profile, or makes a new one: a random 32-byte key kept only encrypted
 * by the keychain. A new key file is written only for a new database, and removed again if the
 * database could not be created.
 */
export function openKeychainProfile(
  files: ProfileFiles,
  keychain: Keychain,
  create: boolean,
): OpenedProfile {
  if (create) {
    const key = randomBytes(32);
    mkdirSync(dirname(files.keychainKey), { recursive: true });
    writeFileSync(files.keychainKey, keychain.encrypt(key.toString('base64')), {
      mode: 0o600,
      flag: 'wx',
    });
    try {
      return { store: openStore({ path: files.database, key }), key };
    } catch (error) {
      rmSync(files.keychainKey, { force: true });
      throw error;
    }
  }
  let key: Buffer;
  try {
    key = Buffer.from(keychain.decrypt(readFileSync(files.keychainKey)), 'base64');
  } catch {
    throw new Error(
      t('The system keychain could not unlock the database key (store.key). Nothing was changed.'),
    );
  }
  if (key.length !== 32) throw new Error(t('The stored database key (store.key) is damaged.'));
  try {
    return { store: openStore({ path: files.database, key }), key };
  } catch (error) {
    if (error instanceof StoreKeyError) {
      throw new Error(
        t("The database does not open with the keychain's key. Nothing was changed."),
      );
    }
    if (error instanceof StoreCorruptError) throw new Error(damagedStore());
    throw error;
  }
}

export type UnlockResult =
  | { ok: true; store: Store; key: Buffer }
  /** `final`: asking again cannot help (the file is damaged); the app must stop. */
  | { ok: false; message: string; final: boolean };

/**
 * One passphrase attempt. A new profile needs the passphrase twice (a typo there would lock
 * the user out for good); its salt file is written only once the store exists. An existing
 * profile tells a wrong passphrase (try again) from a damaged file (stop).
 */
export async function unlockWithPassphrase(
  files: ProfileFiles,
  create: boolean,
  passphrase: string,
  confirmation: string | null,
): Promise<UnlockResult> {
  if (passphrase.length > MAX_PASSPHRASE_LENGTH) {
    return { ok: false, message: t('That passphrase is too long.'), final: false };
  }
  if (create) {
    const problem = newPassphraseProblem(passphrase, confirmation ?? '');
    if (problem) return { ok: false, message: problem, final: false };
    const params = newKdfParams();
    const key = await derivePassphraseKey(passphrase, params);
    mkdirSync(dirname(files.passphraseSalt), { recursive: true });
    let store: Store;
    try {
      store = openStore({ path: files.database, key });
    } catch (error) {
      return { ok: false, message: (error as Error).message, final: true };
    }
    try {
      writeKdfParams(files.passphraseSalt, params);
    } catch (error) {
      // Without its salt the new store could never be opened again: undo it while it is empty.
      store.close();
      for (const suffix of ['', '-wal', '-shm', '.keycheck']) {
        rmSync(`${files.database}${suffix}`, { force: true });
      }
      return {
        ok: false,
        message: t('Could not save the key settings: {{error}}', { error: String(error) }),
        final: true,
      };
    }
    return { ok: true, store, key };
  }
  // A raise of the cost cut short by a crash leaves its new salt beside the old one: the store
  // is under one of the two keys.
  const next = `${files.passphraseSalt}.next`;
  const candidates: { params: KdfParams; file: string }[] = [];
  try {
    candidates.push({ params: readKdfParams(files.passphraseSalt), file: files.passphraseSalt });
  } catch (error) {
    return { ok: false, message: (error as Error).message, final: true };
  }
  if (existsSync(next)) {
    try {
      candidates.push({ params: readKdfParams(next), file: next });
    } catch {
      // Written before the store was touched: damaged means never used.
    }
  }
  for (const candidate of candidates) {
    let key: Buffer;
    try {
      key = await derivePassphraseKey(passphrase, candidate.params);
    } catch (error) {
      return { ok: false, message: (error as Error).message, final: false };
    }
    let store: Store;
    try {
      store = openStore({ path: files.database, key });
    } catch (error) {
      if (error instanceof StoreKeyError) continue;
      if (error instanceof StoreCorruptError) {
        return { ok: false, message: damagedStore(), final: true };
      }
      return { ok: false, message: (error as Error).message, final: true };
    }
    if (candidate.file === next) renameSync(next, files.passphraseSalt);
    else rmSync(next, { force: true });
    // A raised cost re-encrypts the store under a new key: that one opens it from now on.
    if (candidate.params.N < KDF_COST.N) key = await raiseCost(files, store, passphrase, key);
    return { ok: true, store, key };
  }
  return { ok: false, message: t('Wrong passphrase.'), final: false };
}

/**
 * Re-encrypts a store made at an older, lower scrypt cost under a key of today's cost. The new
 * salt is saved aside first and takes the old one's place only after the rekey, so a crash at
 * any point leaves a store that one of the two salt files opens. A failure keeps the old cost.
 */
async function raiseCost(
  files: ProfileFiles,
  store: Store,
  passphrase: string,
  oldKey: Buffer,
): Promise<Buffer> {
  const next = `${files.passphraseSalt}.next`;
  try {
    const params = newKdfParams();
    const key = await derivePassphraseKey(passphrase, params);
    writeKdfParams(next, params);
    store.rekey(key);
    renameSync(next, files.passphraseSalt);
    return key;
  } catch (error) {
    console.warn(`[parley] could not raise the passphrase cost: ${String(error)}`);
    return oldKey;
  }
}
