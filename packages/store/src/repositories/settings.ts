import type Database from 'better-sqlite3-multiple-ciphers';
import {
  parseSettingValue,
  scopeProblem,
  settingDefault,
  type SettingKey,
  type SettingValue,
} from '@parley/contract';

interface SettingRow {
  value: string;
}

/**
 * Preferences, app-wide (accountId null) or per account, as declared in the contract's
 * settings.ts. Every value is checked against its schema on the way in and on the way out: a
 * row that no longer fits (written by an older build, edited by hand) reads as the default.
 */
export class SettingsRepository {
  readonly #get;
  readonly #delete;
  readonly #insert;
  readonly #set;

  constructor(db: Database.Database) {
    this.#get = db.prepare<[string | null, string], SettingRow>(
      `SELECT value FROM settings WHERE account_id IS ? AND key = ?`,
    );
    this.#delete = db.prepare<[string | null, string]>(
      `DELETE FROM settings WHERE account_id IS ? AND key = ?`,
    );
    this.#insert = db.prepare<[string | null, string, string]>(
      `INSERT INTO settings (account_id, key, value) VALUES (?, ?, ?)`,
    );
    this.#set = db.transaction((accountId: string | null, key: string, json: string) => {
      this.#delete.run(accountId, key);
      this.#insert.run(accountId, key, json);
    });
  }

  /** The stored value, or the declared default when there is none (or it no longer fits). */
  get<K extends SettingKey>(key: K, accountId: string | null): SettingValue<K> {
    const row = this.#get.get(accountId, key);
    if (!row) return settingDefault(key);
    let raw: unknown;
    try {
      raw = JSON.parse(row.value);
    } catch {
      return settingDefault(key);
    }
    const parsed = parseSettingValue(key, raw);
    return parsed.ok ? parsed.value : settingDefault(key);
  }

  /**
   * Stores `value` and returns it as stored.
   * @throws TypeError for a value that does not fit the setting, or an account id that does
   *   not fit its scope (a caller bug: the contract checks both first)
   * @throws SqliteError (FOREIGN KEY) for an account that does not exist
   */
  set<K extends SettingKey>(key: K, accountId: string | null, value: unknown): SettingValue<K> {
    const problem = scopeProblem(key, accountId);
    if (problem) throw new TypeError(problem);
    const parsed = parseSettingValue(key, value);
    if (!parsed.ok) throw new TypeError(parsed.message);
    this.#set(accountId, key, JSON.stringify(parsed.value));
    return parsed.value;
  }
}
