// Helpers for this package's tests: real encrypted files in a fresh temp dir, no mocks.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewAccountRecord } from './repositories/accounts.js';
import { openStore, type Store } from './store.js';

export interface TempStore {
  store: Store;
  dir: string;
  path: string;
  key: Buffer;
  /** Closes the store (if still open) and deletes the directory. */
  dispose(): void;
}

export function tempDir(): { dir: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'parley-store-'));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export function openTempStore(): TempStore {
  const { dir, dispose } = tempDir();
  const path = join(dir, 'profile.db');
  const key = randomBytes(32);
  const store = openStore({ path, key });
  return {
    store,
    dir,
    path,
    key,
    dispose: () => {
      store.close();
      dispose();
    },
  };
}

export function newAccount(
  id: string,
  overrides: Partial<NewAccountRecord> = {},
): NewAccountRecord {
  return {
    id,
    jid: `${id}@example.org`,
    password: `secret-${id}`,
    host: null,
    port: null,
    tlsMode: 'auto',
    pinnedFingerprint256: null,
    pinnedCertPem: null,
    enabled: true,
    resource: 'parley.test',
    ownPresence: { show: 'available', status: '' },
    ...overrides,
  };
}
