import type { Migration } from './types.js';

/*
 * Corrections (XEP-0308), retractions (XEP-0424) and moderation (XEP-0425).
 *
 * - sender_id: the `id` attribute the sender gave the stanza. Corrections and 1:1 retractions
 *   refer to a message by it; the origin-id is not always sent (slixmpp omits it by default).
 * - occupant_id: a room sender's XEP-0421 id, which decides whether a later correction or
 *   retraction in that room comes from the same person.
 * - edited_at / edit_count: the message's body column holds the newest text, updated in place
 *   so the search index (kept by triggers on body) never finds the old words.
 * - retracted_*: the row stays as a tombstone (its place in the timeline); its body and file are
 *   removed, not hidden.
 * - message_edits: every version in order, version 0 the original; edit_id is the correcting
 *   stanza's id, so a correction seen again (reflection, carbon, archive) is applied once and a
 *   correction of a correction finds its original. Deleted with the message and on retraction.
 * - outgoing_edits: our corrections and retractions stored before they are sent, so a cut or a
 *   restart loses none; the text sent is the message's current body (no second copy of it).
 */
const SQL = `
ALTER TABLE messages ADD COLUMN sender_id TEXT;
ALTER TABLE messages ADD COLUMN occupant_id TEXT;
ALTER TABLE messages ADD COLUMN edited_at INTEGER;
ALTER TABLE messages ADD COLUMN edit_count INTEGER NOT NULL DEFAULT 0 CHECK (edit_count >= 0);
ALTER TABLE messages ADD COLUMN retracted_at INTEGER;
ALTER TABLE messages ADD COLUMN retracted_by TEXT;
ALTER TABLE messages ADD COLUMN retract_reason TEXT;

-- Only wire ids the origin-id index does not already find: nearly every client sends
-- origin-id = id, and an index entry per received message is a page write in every commit.
CREATE INDEX messages_by_sender_id ON messages (account_id, peer, sender_id)
  WHERE sender_id IS NOT NULL AND (origin_id IS NULL OR origin_id <> sender_id);

CREATE TABLE message_edits (
  account_id TEXT NOT NULL,
  message_id TEXT NOT NULL,
  version    INTEGER NOT NULL CHECK (version >= 0),
  body       TEXT NOT NULL,
  at         INTEGER NOT NULL,
  edit_id    TEXT,
  PRIMARY KEY (account_id, message_id, version),
  FOREIGN KEY (account_id, message_id) REFERENCES messages (account_id, id) ON DELETE CASCADE
) STRICT;

CREATE UNIQUE INDEX message_edits_by_edit_id ON message_edits (account_id, edit_id, message_id)
  WHERE edit_id IS NOT NULL;

CREATE TABLE outgoing_edits (
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  id         TEXT NOT NULL,
  message_id TEXT NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('correct', 'retract')),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (account_id, id)
) STRICT;
`;

export const correctionsRetractions: Migration = {
  version: 9,
  name: 'corrections-retractions',
  up(db) {
    db.exec(SQL);
  },
};
