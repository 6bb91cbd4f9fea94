import { safeStorage } from 'electron';
import type { Keychain } from './profile-store.js';

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

/** The store key is kept only encrypted by the OS keychain (DPAPI, Keychain, libsecret/kwallet). */
export const electronKeychain: Keychain = {
  usable: keychainUsable,
  encrypt: (text) => safeStorage.encryptString(text),
  decrypt: (data) => safeStorage.decryptString(data),
};
