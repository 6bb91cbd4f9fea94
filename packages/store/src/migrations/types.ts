import type Database from 'better-sqlite3-multiple-ciphers';

/**
 * One schema step. `version` is what `PRAGMA user_version` reads after it ran; versions rise
 * strictly (a number may be skipped: steps written on separate branches reserve theirs), so a
 * reordered or repeated step is caught at startup, not in the field.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database.Database): void;
}
