import type { Migration } from './types.js';

/*
 * STRICT tables so a wrong JS type (a string timestamp, a boolean) fails loudly at the insert
 * instead of being stored and mis-sorted later. Booleans are INTEGER 0/1.
 * Everything hangs off accounts with ON DELETE CASCADE: removing an account removes its data.
 */
const SQL = `
CREATE TABLE accounts (
  id                    TEXT PRIMARY KEY NOT NULL,
  jid                   TEXT NOT NULL,
  password              TEXT NOT NULL,
  host                  TEXT,
  port                  INTEGER,
  tls_mode              TEXT NOT NULL CHECK (tls_mode IN ('auto', 'starttls', 'direct')),
  pinned_fingerprint256 TEXT,
  pinned_cert_pem       TEXT,
  enabled               INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  resource              TEXT NOT NULL,
  presence_show         TEXT NOT NULL,
  presence_status       TEXT NOT NULL,
  roster_version        TEXT,
  mam_last_stanza_id    TEXT,
  created_at            INTEGER NOT NULL
) STRICT;

-- Groups are a JSON array: the roster is always read whole and written per item, so a join
-- table would only add a GROUP BY to every list() for nothing.
CREATE TABLE contacts (
  account_id    TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  jid           TEXT NOT NULL,
  name          TEXT NOT NULL,
  groups_json   TEXT NOT NULL DEFAULT '[]',
  subscription  TEXT NOT NULL CHECK (subscription IN ('none', 'to', 'from', 'both')),
  ask_subscribe INTEGER NOT NULL CHECK (ask_subscribe IN (0, 1)),
  PRIMARY KEY (account_id, jid)
) STRICT, WITHOUT ROWID;

CREATE TABLE pending_subscriptions (
  account_id  TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  jid         TEXT NOT NULL,
  name        TEXT,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (account_id, jid)
) STRICT, WITHOUT ROWID;

-- seq (the rowid) is the insertion order: the tie-breaker for equal timestamps in paging.
CREATE TABLE messages (
  seq               INTEGER PRIMARY KEY,
  id                TEXT NOT NULL,
  account_id        TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  peer              TEXT NOT NULL,
  direction         TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  body              TEXT NOT NULL,
  timestamp         INTEGER NOT NULL,
  status            TEXT NOT NULL
                    CHECK (status IN ('pending', 'sent', 'acked', 'delivered', 'received', 'failed')),
  origin_id         TEXT,
  stanza_id         TEXT,
  resource          TEXT,
  from_other_device INTEGER NOT NULL DEFAULT 0 CHECK (from_other_device IN (0, 1))
) STRICT;

-- Ids are unique per account, not globally: two accounts of one profile can hold the same
-- message (one sent it, the other received it) under the same XEP-0359 id.
CREATE UNIQUE INDEX messages_by_id ON messages (account_id, id);
-- Keyset paging: WHERE account_id, peer AND (timestamp, seq) < (?, ?) ORDER BY timestamp, seq.
CREATE INDEX messages_by_time ON messages (account_id, peer, timestamp, seq);
-- Dedupe keys. origin_id leads with account_id so findByOriginId(account, originId) is a seek.
CREATE UNIQUE INDEX messages_by_stanza_id ON messages (account_id, peer, stanza_id)
  WHERE stanza_id IS NOT NULL;
CREATE UNIQUE INDEX messages_by_origin_id ON messages (account_id, origin_id, peer)
  WHERE origin_id IS NOT NULL;
-- The outbox is tiny compared with the history: a partial index keeps it a seek.
CREATE INDEX messages_outbox ON messages (account_id, timestamp, seq)
  WHERE direction = 'out' AND status = 'pending';

-- name: a fallback title (a room's name, a nick) used when the roster has no name for peer.
CREATE TABLE conversations (
  account_id     TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  peer           TEXT NOT NULL,
  name           TEXT,
  last_body      TEXT,
  last_direction TEXT CHECK (last_direction IN ('in', 'out')),
  last_timestamp INTEGER,
  unread         INTEGER NOT NULL DEFAULT 0 CHECK (unread >= 0),
  created_at     INTEGER NOT NULL,
  PRIMARY KEY (account_id, peer)
) STRICT, WITHOUT ROWID;
`;

export const initial: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(SQL);
  },
};
