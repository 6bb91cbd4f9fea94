/** Base class so callers can tell store failures from programming errors with one instanceof. */
export class StoreError extends Error {
  override name = 'StoreError';
}

/**
 * The file exists but cannot be decrypted with the given key (or is not a Parley store at all).
 * Raised before anything is written, so the file is left exactly as it was.
 */
export class StoreKeyError extends StoreError {
  override name = 'StoreKeyError';
}

/**
 * The key is right (it matches the profile's key check) but the file cannot be read: it is
 * damaged. Unlike StoreKeyError, asking for the passphrase again cannot help.
 */
export class StoreCorruptError extends StoreError {
  override name = 'StoreCorruptError';
}

/** The file was written by a newer Parley whose schema this build does not know. */
export class StoreVersionError extends StoreError {
  override name = 'StoreVersionError';
}

/** An insert collided with an existing row (e.g. an account id that is already taken). */
export class StoreConflictError extends StoreError {
  override name = 'StoreConflictError';
}

/** SQLite's words for a file that is damaged (or, before the key is proven, not decryptable). */
export function isCorruptionError(err: unknown): boolean {
  return isSqliteError(err, 'SQLITE_CORRUPT') || isSqliteError(err, 'SQLITE_NOTADB');
}

/** True for better-sqlite3's SqliteError with the given code prefix (e.g. SQLITE_CONSTRAINT). */
export function isSqliteError(err: unknown, codePrefix: string): boolean {
  return (
    err instanceof Error &&
    'code' in err &&
    typeof err.code === 'string' &&
    err.code.startsWith(codePrefix)
  );
}

/**
 * A write the store could not make (disk full, I/O error, database locked): the data is not
 * stored, so whoever handed it over must be able to hand it over again.
 */
export function isStoreWriteFailure(err: unknown): boolean {
  return err instanceof StoreError || isSqliteError(err, 'SQLITE_');
}

/**
 * A failure that says nothing about the data: the disk is full, an I/O error, the database is
 * busy. The same write may succeed later, so it must be retried, never skipped.
 */
export function isTransientStoreFailure(err: unknown): boolean {
  return ['SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_NOMEM'].some(
    (code) => isSqliteError(err, code),
  );
}
