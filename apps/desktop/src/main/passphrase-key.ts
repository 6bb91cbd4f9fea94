import { randomBytes, scrypt } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tFor } from './i18n.js';

const t = tFor('desktop');

/**
 * Where no OS keychain protects the store key, it is derived from a passphrase the user types at
 * start, with scrypt: N = 2^17, r = 8 (128 MiB of memory, about 1 s here): cheap once per start,
 * dear per guess for anyone who copied the profile. The salt file keeps the salt and the cost,
 * so a profile made at a lower cost still opens (and is then raised: profile-store.ts). The
 * salt is not secret; a wrong passphrase shows as the store refusing the key.
 */
export interface KdfParams {
  salt: Buffer;
  N: number;
  r: number;
  p: number;
}

export const KDF_COST = { N: 2 ** 17, r: 8, p: 1 } as const;
/** Profiles made before the cost was stored: a bare base64 salt meant N = 2^15. */
const LEGACY_COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
export const MIN_PASSPHRASE_LENGTH = 8;
export const MAX_PASSPHRASE_LENGTH = 1024;

export function newKdfParams(): KdfParams {
  return { salt: randomBytes(SALT_BYTES), ...KDF_COST };
}

function damaged(): Error {
  return new Error(t('The passphrase salt file (store.salt) is damaged.'));
}

/** Reads a salt file: the current JSON form, or the older bare base64 salt. */
export function readKdfParams(file: string): KdfParams {
  const text = readFileSync(file, 'utf8').trim();
  if (!text.startsWith('{')) {
    const salt = Buffer.from(text, 'base64');
    if (salt.length !== SALT_BYTES) throw damaged();
    return { salt, ...LEGACY_COST };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw damaged();
  }
  const { kdf, salt, N, r, p } = (parsed ?? {}) as Record<string, unknown>;
  const saltBytes = typeof salt === 'string' ? Buffer.from(salt, 'base64') : Buffer.alloc(0);
  const sane = (n: unknown, max: number): n is number =>
    typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= max;
  // Bounds keep a tampered file from asking for gigabytes (N·r·128 bytes) or hours.
  if (
    kdf !== 'scrypt' ||
    saltBytes.length !== SALT_BYTES ||
    !sane(N, 2 ** 20) ||
    (N & (N - 1)) !== 0 ||
    N < LEGACY_COST.N ||
    !sane(r, 16) ||
    !sane(p, 4)
  ) {
    throw damaged();
  }
  return { salt: saltBytes, N, r, p };
}

/** Writes the salt file atomically (temp file, then rename), readable by the user only. */
export function writeKdfParams(file: string, params: KdfParams): void {
  const text = JSON.stringify({
    kdf: 'scrypt',
    salt: params.salt.toString('base64'),
    N: params.N,
    r: params.r,
    p: params.p,
  });
  const temp = `${file}.tmp`;
  writeFileSync(temp, text, { mode: 0o600 });
  renameSync(temp, file);
}

/** Why a new passphrase cannot be used, or null when it can. */
export function newPassphraseProblem(passphrase: string, confirmation: string): string | null {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    return t('Use a passphrase of at least {{count}} characters.', {
      count: MIN_PASSPHRASE_LENGTH,
    });
  }
  if (passphrase.length > MAX_PASSPHRASE_LENGTH) return t('That passphrase is too long.');
  if (passphrase.normalize('NFC') !== confirmation.normalize('NFC')) {
    return t('The two passphrases differ. Type the same passphrase twice.');
  }
  return null;
}

export function derivePassphraseKey(passphrase: string, params: KdfParams): Promise<Buffer> {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    return Promise.reject(
      new Error(
        t('Use a passphrase of at least {{count}} characters.', { count: MIN_PASSPHRASE_LENGTH }),
      ),
    );
  }
  const { salt, N, r, p } = params;
  // scrypt needs 128·N·r bytes; the default 32 MiB limit would refuse N = 2^17.
  const maxmem = 128 * N * r * p + 32 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFC'), salt, 32, { N, r, p, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}
