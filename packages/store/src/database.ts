import { closeSync, openSync, readSync } from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { StoreCorruptError, StoreError, StoreKeyError, isSqliteError } from './errors.js';
import { compareKeyCheck, writeKeyCheck } from './key-check.js';

export const KEY_BYTES = 32;

/**
 * Opens (creating if needed) the SQLite file at `path`, encrypted with `key` in SQLCipher 4
 * format, and applies the connection settings. `key: null` opens it unencrypted; that exists only
 * for the benchmark baseline and is not exported from the package.
 *
 * Nothing is written before the key has been proven by reading the schema, so a wrong key can
 * never damage the file or a WAL left behind by a crash.
 */
export function openDatabase(path: string, key: Buffer | null): Database.Database {
  if (path === '' || path === ':memory:' || path.startsWith('file:')) {
    throw new TypeError(`the store is always a plain file path, got ${JSON.stringify(path)}`);
  }
  if (key !== null && (!Buffer.isBuffer(key) || key.length !== KEY_BYTES)) {
    throw new RangeError(`the store key must be a ${KEY_BYTES}-byte Buffer`);
  }
  const db = new Database(path);
  try {
    if (key !== null) applyKey(db, key);
    verifyReadable(db, path, key);
    // WAL: readers never block the writer, and a commit is one sequential append.
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal')
      throw new StoreError(`could not switch ${path} to WAL mode (got ${String(mode)})`);
    // NORMAL is durable across app crashes in WAL mode; only an OS crash can lose the last commits.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // Sorts and temp indexes stay in memory: SQLite's temp files are not covered by the cipher.
    db.pragma('temp_store = MEMORY');
    // Proven right by the read above: from now on a damaged file can be told from a wrong key.
    if (key !== null) writeKeyCheck(path, key);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

function applyKey(db: Database.Database, key: Buffer): void {
  // SQLite3MultipleCiphers wants the cipher chosen before the key. legacy=4 pins SQLCipher 4's
  // exact parameters (SQLite3MC's documented way to be readable by SQLCipher 4 tools); the x'..'
  // form is a raw key, so no PBKDF2 runs (the key is already 256 random bits from the keychain).
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma('legacy = 4');
  db.pragma(`key = "x'${key.toString('hex')}'"`);
}

function verifyReadable(db: Database.Database, path: string, key: Buffer | null): void {
  try {
    db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get();
  } catch (err) {
    if (isSqliteError(err, 'SQLITE_CORRUPT')) {
      throw new StoreCorruptError(`${path} is damaged: ${(err as Error).message}`);
    }
    if (!isSqliteError(err, 'SQLITE_NOTADB')) throw err;
    if (key !== null && hasPlainSqliteHeader(path)) {
      throw new StoreKeyError(`${path} is an unencrypted SQLite database, not a Parley store`);
    }
    if (key === null) throw new StoreKeyError(`${path} is not a readable SQLite database`);
    // SQLCipher says the same for a wrong key and a damaged first page: the key check decides.
    const check = compareKeyCheck(path, key);
    if (check === 'match') {
      throw new StoreCorruptError(
        `${path} is damaged: the key is right, but the file cannot be decrypted`,
      );
    }
    throw new StoreKeyError(
      check === 'mismatch'
        ? `cannot decrypt ${path}: wrong key`
        : `cannot decrypt ${path}: wrong key, or the file is not a Parley store`,
    );
  }
}

function hasPlainSqliteHeader(path: string): boolean {
  const header = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  return header.toString('latin1') === 'SQLite format 3\0';
}
