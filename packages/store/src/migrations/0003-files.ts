import type { Migration } from './types.js';

/*
 * File transfer. A message may carry an attachment (XEP-0066 / XEP-0447 metadata as JSON: it is
 * always read whole with its message). `transfers` keeps uploads and downloads across restarts:
 * a finished download's path (for previews and "open"), and failed ones to retry.
 */
const SQL = `
ALTER TABLE messages ADD COLUMN attachment_json TEXT;
ALTER TABLE accounts ADD COLUMN auto_download_bytes INTEGER NOT NULL DEFAULT 5242880
  CHECK (auto_download_bytes >= 0);

CREATE TABLE transfers (
  id           TEXT PRIMARY KEY NOT NULL,
  account_id   TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  peer         TEXT NOT NULL,
  direction    TEXT NOT NULL CHECK (direction IN ('upload', 'download')),
  message_id   TEXT,
  name         TEXT NOT NULL,
  size         INTEGER,
  media_type   TEXT,
  sha256       TEXT,
  url          TEXT,
  bytes        INTEGER NOT NULL DEFAULT 0,
  state        TEXT NOT NULL CHECK (state IN ('queued', 'active', 'done', 'failed', 'cancelled')),
  error_code   TEXT,
  error_text   TEXT,
  local_path   TEXT,
  created_at   INTEGER NOT NULL
) STRICT;

CREATE INDEX transfers_by_time ON transfers (created_at);
CREATE INDEX transfers_by_message ON transfers (account_id, message_id) WHERE message_id IS NOT NULL;
`;

export const files: Migration = {
  version: 3,
  name: 'files',
  up(db) {
    db.exec(SQL);
  },
};
