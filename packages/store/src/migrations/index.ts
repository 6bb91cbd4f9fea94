import type Database from 'better-sqlite3-multiple-ciphers';
import { StoreVersionError } from '../errors.js';
import { initial } from './0001-initial.js';
import { rooms } from './0002-rooms.js';
import { files } from './0003-files.js';
import { bookmarkExtensions } from './0004-bookmark-extensions.js';
import { conversationNotify } from './0005-conversation-notify.js';
import { sendChatStates } from './0006-send-chat-states.js';
import { settings } from './0007-settings.js';
import { messageSearch } from './0008-message-search.js';
import { correctionsRetractions } from './0009-corrections-retractions.js';
import { reactionsReplies } from './0010-reactions-replies.js';
import { omemo } from './0011-omemo.js';
import { unstyledMessages } from './0012-unstyled-messages.js';
import { retractionLeftovers } from './0013-retraction-leftovers.js';
import { accountOptions } from './0014-account-options.js';
import { avatars } from './0015-avatars.js';
import { blocklist } from './0016-blocklist.js';
import { callLog } from './0017-call-log.js';
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
  settings,
  messageSearch,
  correctionsRetractions,
  reactionsReplies,
  omemo,
  unstyledMessages,
  retractionLeftovers,
  accountOptions,
  avatars,
  blocklist,
  callLog,
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
  // Contiguous: a store at version N has run every step up to N, and two steps written apart
  // that took the same or a skipped number fail here, not in a user's profile.
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(
        `migration list is not contiguous: #${i} is version ${m.version} (${m.name})`,
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
