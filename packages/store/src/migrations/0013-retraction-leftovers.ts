import type { Migration } from './types.js';

/*
 * What a retraction (XEP-0424) or moderation (XEP-0425) must not leave behind, and edits that
 * wait for their message across a restart.
 *
 * - files_to_remove: copies of a retracted file that Parley downloaded or cached. Queued in the
 *   retraction's own transaction and removed from disk after it commits; a crash in between
 *   leaves the row, and the next start removes the file. The backend removes only paths inside
 *   its own folders (downloads, upload copies), never a file the user sent from their disk. No
 *   foreign key: removing the account must not forget a file still on disk.
 * - conversations.last_retracted: the preview stands for a tombstone ('sender': deleted by its
 *   sender; 'moderator': removed by a room moderator); last_body is then ''. NULL otherwise.
 * - orphan_edits: a correction, retraction or moderation read (from an archive page) before the
 *   message it names: kept until that message arrives, then applied with every sender check.
 *   edit_json is the parsed edit with its sender and stamp; bounded per conversation and in age
 *   by the repository.
 *
 * - The search index's secure-delete option (FTS5): a retracted or corrected message's old words
 *   leave the index's own pages at once. Without it FTS5 only records that they were deleted and
 *   keeps them on disk until segments happen to merge: not found by search, but still in the
 *   store. Deletes cost about the same either way (measured at 5·10^4 rows, under load).
 *
 * Previews that already show a retracted message (retracted before this version: an emptied
 * text, or a file's name) become tombstones.
 */
const SQL = `
CREATE TABLE files_to_remove (
  path       TEXT PRIMARY KEY NOT NULL,
  account_id TEXT NOT NULL,
  queued_at  INTEGER NOT NULL
) STRICT;

ALTER TABLE conversations ADD COLUMN last_retracted TEXT
  CHECK (last_retracted IN ('sender', 'moderator'));

CREATE TABLE orphan_edits (
  seq        INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  peer       TEXT NOT NULL,
  ref        TEXT NOT NULL,
  edit_json  TEXT NOT NULL,
  kept_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX orphan_edits_by_ref ON orphan_edits (account_id, peer, ref);

INSERT INTO messages_search (messages_search, rank) VALUES ('secure-delete', 1);

UPDATE conversations AS c
SET last_body = '',
    last_retracted = CASE WHEN (
      SELECT m.retracted_by FROM messages m
      WHERE m.account_id = c.account_id AND m.peer = c.peer AND m.timestamp = c.last_timestamp
        AND m.retracted_at IS NOT NULL LIMIT 1) LIKE 'moderated:%' THEN 'moderator' ELSE 'sender' END
WHERE c.last_timestamp IS NOT NULL
  AND EXISTS (SELECT 1 FROM messages m
    WHERE m.account_id = c.account_id AND m.peer = c.peer AND m.timestamp = c.last_timestamp
      AND m.retracted_at IS NOT NULL)
  AND NOT EXISTS (SELECT 1 FROM messages m
    WHERE m.account_id = c.account_id AND m.peer = c.peer AND m.timestamp = c.last_timestamp
      AND m.retracted_at IS NULL);
`;

export const retractionLeftovers: Migration = {
  version: 13,
  name: 'retraction-leftovers',
  up(db) {
    db.exec(SQL);
  },
};
