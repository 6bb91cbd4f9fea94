import { createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

/*
 * SQLCipher answers "file is not a database" both for a wrong key and for a first page that is
 * damaged: from the file alone a damaged store would look like a wrong passphrase, and the user
 * would try passphrases forever. So beside the database lies a check value derived from the key
 * (an HMAC of a fixed label: it reveals nothing about the key, and a guess costs as much to test
 * against it as against the database). It tells the two apart: the key matches the check, so
 * the file is damaged; it does not, so the key is wrong.
 */

const LABEL = 'parley store key check v1';

export function keyCheckPath(databasePath: string): string {
  return `${databasePath}.keycheck`;
}

function keyCheckOf(key: Buffer): Buffer {
  return createHmac('sha256', key).update(LABEL).digest();
}

/** 'match' or 'mismatch' against the stored check; 'unknown' when there is none (older profiles). */
export function compareKeyCheck(
  databasePath: string,
  key: Buffer,
): 'match' | 'mismatch' | 'unknown' {
  const file = keyCheckPath(databasePath);
  if (!existsSync(file)) return 'unknown';
  let stored: Buffer;
  try {
    stored = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  } catch {
    return 'unknown';
  }
  const expected = keyCheckOf(key);
  if (stored.length !== expected.length) return 'unknown';
  return timingSafeEqual(stored, expected) ? 'match' : 'mismatch';
}

/** Records the check for a key the database has just accepted (atomically: temp file, rename). */
export function writeKeyCheck(databasePath: string, key: Buffer): void {
  if (compareKeyCheck(databasePath, key) === 'match') return;
  const file = keyCheckPath(databasePath);
  const temp = `${file}.tmp`;
  writeFileSync(temp, keyCheckOf(key).toString('base64'), { mode: 0o600 });
  renameSync(temp, file);
}
