import type { Migration } from './types.js';

/*
 * Group chats. A room's messages live in `messages` like any other (peer = the room's bare JID,
 * resource = the sender's nick); a private message to an occupant has the room/nick full JID as
 * its peer. `rooms` holds what must survive a restart: the rooms to rejoin, bookmarks mirrored
 * from the server, and each room's archive cursor. Occupants are live state and never stored.
 */
const SQL = `
ALTER TABLE conversations ADD COLUMN kind TEXT NOT NULL DEFAULT 'chat'
  CHECK (kind IN ('chat', 'room', 'private'));
ALTER TABLE conversations ADD COLUMN mentions INTEGER NOT NULL DEFAULT 0 CHECK (mentions >= 0);

-- joined: the user wants to be in the room (rejoined after every reconnect) until they leave.
-- bookmarked/autojoin mirror the server's bookmark (XEP-0402 or XEP-0048).
CREATE TABLE rooms (
  account_id         TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  jid                TEXT NOT NULL,
  nick               TEXT NOT NULL,
  password           TEXT,
  name               TEXT NOT NULL DEFAULT '',
  subject            TEXT NOT NULL DEFAULT '',
  joined             INTEGER NOT NULL DEFAULT 0 CHECK (joined IN (0, 1)),
  bookmarked         INTEGER NOT NULL DEFAULT 0 CHECK (bookmarked IN (0, 1)),
  autojoin           INTEGER NOT NULL DEFAULT 0 CHECK (autojoin IN (0, 1)),
  mam_last_stanza_id TEXT,
  created_at         INTEGER NOT NULL,
  PRIMARY KEY (account_id, jid)
) STRICT, WITHOUT ROWID;
`;

export const rooms: Migration = {
  version: 2,
  name: 'rooms',
  up(db) {
    db.exec(SQL);
  },
};
