import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { safeStorage } from 'electron';

/**
 * Whether the OS keychain can really protect a secret. Linux without a secret service makes
 * Electron fall back to 'basic_text', a fixed password that protects nothing.
 */
export function keychainUsable(): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  return !(
    process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text'
  );
}

/**
 * The store's 32-byte key is random and kept only encrypted by the OS keychain
 * (DPAPI, Keychain, libsecret/kwallet).
 */
export function loadOrCreateKeychainKey(keyFile: string): Buffer {
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
