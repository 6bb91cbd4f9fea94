import type Database from 'better-sqlite3-multiple-ciphers';
import { StoreVersionError } from '../errors.js';
import { initial } from './0001-initial.js';
import { rooms } from './0002-rooms.js';
import { files } from './0003-files.js';
import { bookmarkExtensions } from './0004-bookmark-extensions.js';
import { conversationNotify } from './0005-conversation-notify.js';
import { sendChatStates } from './0006-send-chat-states.js';
import { reactionsReplies } from './0010-reactions-replies.js';
import type { Migration } from './types.js';

export type { Migration } from './types.js';

/** Every schema step in order. Append only: a shipped migration is never edited. */
export const MIGRATIONS: readonly Migration[] = [
  initial,
  rooms,
  files,
  bookmarkExtensions,
  conversationNotify,
  sendChatStates,
  reactionsReplies,
];

/**
 * Brings the schema to the newest version in one transaction: either every pending step and the
 * new user_version land, or none do (a crash mid-upgrade leaves the old, still readable schema).
 * Returns the version the database is at afterwards.
 */
export function migrate(
  db: Database.Database,
  migrations: readonly Migration[] = MIGRATIONS,
): number {
  // Versions only rise. A number may be skipped (steps written on separate branches take their
  // numbers up front), but never reused or reordered: a store at version N has run every step
  // up to N that this build knows.
  migrations.forEach((m, i) => {
    const previous = i === 0 ? 0 : migrations[i - 1]!.version;
    if (!Number.isInteger(m.version) || m.version <= previous) {
      throw new Error(
        `migration list is out of order: #${i} is version ${m.version} (${m.name}) after ${previous}`,
      );
    }
  });
  const latest = migrations.at(-1)?.version ?? 0;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latest) {
    throw new StoreVersionError(
      `the store was written by a newer Parley (schema version ${current}; this build knows up to ` +
        `${latest}). Update Parley to open it; the file was left untouched.`,
    );
  }
  if (current === latest) return current;
  db.transaction(() => {
    for (const m of migrations.filter((step) => step.version > current)) {
      m.up(db);
      // user_version lives in the database header, which the transaction covers.
      db.pragma(`user_version = ${m.version}`);
    }
  })();
  return latest;
}
