import type Database from 'better-sqlite3-multiple-ciphers';

/**
 * One schema step. `version` is what `PRAGMA user_version` reads after it ran; versions are
 * contiguous from 1 so a gap (a migration lost in a merge) is caught at startup, not in the field.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database.Database): void;
}
