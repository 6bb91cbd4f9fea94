import type { Migration } from './types.js';

/*
 * Several accounts side by side (issue 11):
 * - position: the user's order (0 first); existing accounts keep the order they were added in.
 * - color: a palette name the user chose; NULL means "derived from the address".
 * - priority: sent in every presence (RFC 6121 §4.7.2.3: a signed byte).
 * - status_history_json: status texts used before, newest first (bounded by the repository).
 * - proxy_*: an optional SOCKS5 or HTTP CONNECT proxy; its password sits in this encrypted
 *   store beside the account's own. proxy_type NULL: connect directly.
 */
const SQL = `
ALTER TABLE accounts ADD COLUMN position INTEGER NOT NULL DEFAULT 0 CHECK (position >= 0);
ALTER TABLE accounts ADD COLUMN color TEXT CHECK (color IS NULL OR length(color) BETWEEN 1 AND 32);
ALTER TABLE accounts ADD COLUMN priority INTEGER NOT NULL DEFAULT 0
  CHECK (priority BETWEEN -128 AND 127);
ALTER TABLE accounts ADD COLUMN status_history_json TEXT NOT NULL DEFAULT '[]'
  CHECK (json_valid(status_history_json) AND json_type(status_history_json) = 'array');
ALTER TABLE accounts ADD COLUMN proxy_type TEXT CHECK (proxy_type IN ('socks5', 'http'));
ALTER TABLE accounts ADD COLUMN proxy_host TEXT;
ALTER TABLE accounts ADD COLUMN proxy_port INTEGER CHECK (proxy_port BETWEEN 1 AND 65535);
ALTER TABLE accounts ADD COLUMN proxy_username TEXT;
ALTER TABLE accounts ADD COLUMN proxy_password TEXT;

UPDATE accounts AS a SET position = (
  SELECT count(*) FROM accounts b
  WHERE b.created_at < a.created_at OR (b.created_at = a.created_at AND b.id < a.id)
);
`;

export const accountOptions: Migration = {
  version: 14,
  name: 'account-options',
  up(db) {
    db.exec(SQL);
  },
};
