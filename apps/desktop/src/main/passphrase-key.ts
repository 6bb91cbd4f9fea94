import { randomBytes, scrypt } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Where no OS keychain protects the store key (Linux without a secret service, where Electron
 * would fall back to a fixed password), the key is derived from a passphrase the user types at
 * start. scrypt with 32 MiB and N = 2^15 costs ~100 ms here: cheap once, dear per guess.
 * The salt is not secret; a wrong passphrase shows as the store refusing the key.
 */
const params = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export function loadOrCreateSalt(file: string): Buffer {
  if (existsSync(file)) {
    const salt = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (salt.length !== 16) throw new Error('The passphrase salt file is damaged.');
    return salt;
  }
  const salt = randomBytes(16);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, salt.toString('base64'), { mode: 0o600 });
  return salt;
}

export function derivePassphraseKey(passphrase: string, salt: Buffer): Promise<Buffer> {
  if (passphrase.length < 8) {
    return Promise.reject(new Error('Use a passphrase of at least 8 characters.'));
  }
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFC'), salt, 32, params, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}
