import type { Migration } from './types.js';

/*
 * Reactions (XEP-0444), replies (XEP-0461) and displayed markers (XEP-0333).
 * The id the wire uses for an incoming one-to-one message (its `id` attribute), which
 * reactions, replies and markers name, is the messages' sender_id (migration 9, indexed);
 * rooms name the room's stanza-id. No copy of it here: one more B-tree per received message.
 * - reactions: one row per message and reactor (a bare JID in 1:1; in rooms the occupant-id,
 *   else the nick), holding that reactor's whole set, replaced as a whole (XEP-0444 §3.2).
 *   updated_at is the reaction's own time, so an older one met later (archive scroll-back
 *   runs backwards) never overwrites a newer one.
 * - reactions_pending: reactions to a message we do not have yet (an archive page not fetched
 *   yet); adopted when that message arrives. Bounded by the service.
 * - message_replies: what a reply answers, and the quote it carried (a preview when we do not
 *   have the original).
 * - conversation_markers: per conversation, the newest markable incoming message (what a
 *   displayed marker may name), how far we have said we read, and how far the peer has.
 */
const SQL = `
CREATE TABLE reactions (
  account_id  TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  message_id  TEXT NOT NULL,
  reactor     TEXT NOT NULL,
  display     TEXT NOT NULL,
  emojis_json TEXT NOT NULL,
  mine        INTEGER NOT NULL CHECK (mine IN (0, 1)),
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (account_id, message_id, reactor)
) STRICT, WITHOUT ROWID;

CREATE TABLE reactions_pending (
  seq         INTEGER PRIMARY KEY,
  account_id  TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  peer        TEXT NOT NULL,
  target      TEXT NOT NULL,
  reactor     TEXT NOT NULL,
  display     TEXT NOT NULL,
  emojis_json TEXT NOT NULL,
  mine        INTEGER NOT NULL CHECK (mine IN (0, 1)),
  updated_at  INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX reactions_pending_by_target
  ON reactions_pending (account_id, peer, target, reactor);

CREATE TABLE message_replies (
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  message_id TEXT NOT NULL,
  target     TEXT NOT NULL,
  author     TEXT,
  quote      TEXT,
  PRIMARY KEY (account_id, message_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE conversation_markers (
  account_id        TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  peer              TEXT NOT NULL,
  markable_ref      TEXT,
  markable_at       INTEGER,
  own_displayed_at  INTEGER,
  peer_displayed_at INTEGER,
  PRIMARY KEY (account_id, peer)
) STRICT, WITHOUT ROWID;
`;

export const reactionsReplies: Migration = {
  version: 10,
  name: 'reactions-replies',
  up(db) {
    db.exec(SQL);
  },
};
