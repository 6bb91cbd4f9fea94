import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { safeStorage } from 'electron';

export class KeychainUnavailableError extends Error {}

/**
 * The store's 32-byte key is random and kept only encrypted by the OS keychain
 * (DPAPI, Keychain, libsecret/kwallet). Linux without a secret service falls back to
 * 'basic_text', a fixed password that protects nothing: refuse it rather than pretend.
 */
export function loadOrCreateStoreKey(keyFile: string): Buffer {
  if (!safeStorage.isEncryptionAvailable()) {
    throw new KeychainUnavailableError('The system keychain is not available.');
  }
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    throw new KeychainUnavailableError(
      'No secret service (GNOME Keyring or KWallet) is running, so Parley cannot protect its key.',
    );
  }
  if (existsSync(keyFile)) {
    const key = Buffer.from(safeStorage.decryptString(readFileSync(keyFile)), 'base64');
    if (key.length !== 32) throw new Error('The stored database key is damaged.');
    return key;
  }
  const key = randomBytes(32);
  mkdirSync(dirname(keyFile), { recursive: true });
  writeFileSync(keyFile, safeStorage.encryptString(key.toString('base64')), { mode: 0o600 });
  return key;
}
