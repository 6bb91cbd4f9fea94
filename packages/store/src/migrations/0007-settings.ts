import type { Migration } from './types.js';

/*
 * One table for every preference (declared with its schema and default in the contract's
 * settings.ts), app-wide (account_id NULL) or per account. Values are JSON; a missing row
 * means the declared default. The per-account preferences that had their own columns move
 * here with their values. The old columns stay, unread: an `ALTER TABLE ... DROP COLUMN` in
 * the same open leaves the connection unable to checkpoint after a rekey ("database table is
 * locked", SQLite3MultipleCiphers), which a new passphrase profile does at once
 * (corrupt-store.test.ts, "rekey ... same open").
 */
export const settings: Migration = {
  version: 7,
  name: 'settings',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        account_id TEXT REFERENCES accounts(id) ON DELETE CASCADE,
        key TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 128),
        value TEXT NOT NULL CHECK (json_valid(value))
      );
      CREATE UNIQUE INDEX settings_account_key ON settings (account_id, key)
        WHERE account_id IS NOT NULL;
      CREATE UNIQUE INDEX settings_app_key ON settings (key) WHERE account_id IS NULL;

      INSERT INTO settings (account_id, key, value)
        SELECT id, 'sendChatStates', CASE send_chat_states WHEN 1 THEN 'true' ELSE 'false' END
        FROM accounts;
      INSERT INTO settings (account_id, key, value)
        SELECT id, 'autoDownloadBytes', CAST(auto_download_bytes AS TEXT) FROM accounts;

    `);
  },
};
