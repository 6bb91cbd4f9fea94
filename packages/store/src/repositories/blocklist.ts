import type Database from 'better-sqlite3-multiple-ciphers';

/** Where a block lives: on the server's list (XEP-0191), or only in this client. */
export type BlockOrigin = 'server' | 'local';

export interface BlockEntry {
  jid: string;
  origin: BlockOrigin;
}

/**
 * One account's blocked addresses, as the blocking service keeps them in memory; written on
 * every change so the list shows offline and client-side blocks outlive a restart.
 */
export class BlocklistRepository {
  readonly #list;
  readonly #add;
  readonly #remove;
  readonly #clearOrigin;
  readonly #clear;
  readonly #tx;

  constructor(db: Database.Database) {
    this.#list = db.prepare<[string], BlockEntry>(
      `SELECT jid, origin FROM blocklist WHERE account_id = ? ORDER BY jid`,
    );
    // A server entry wins over a local one for the same address: the server enforces it.
    this.#add = db.prepare<[string, string, BlockOrigin, number]>(
      `INSERT INTO blocklist (account_id, jid, origin, added_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (account_id, jid) DO UPDATE SET origin = excluded.origin
       WHERE excluded.origin = 'server'`,
    );
    this.#remove = db.prepare<[string, string]>(
      `DELETE FROM blocklist WHERE account_id = ? AND jid = ?`,
    );
    this.#clearOrigin = db.prepare<[string, BlockOrigin]>(
      `DELETE FROM blocklist WHERE account_id = ? AND origin = ?`,
    );
    this.#clear = db.prepare<[string]>(`DELETE FROM blocklist WHERE account_id = ?`);
    this.#tx = <T>(fn: () => T): T => db.transaction(fn)();
  }

  list(accountId: string): BlockEntry[] {
    return this.#list.all(accountId);
  }

  add(accountId: string, jids: readonly string[], origin: BlockOrigin): void {
    const now = Date.now();
    this.#tx(() => {
      for (const jid of jids) this.#add.run(accountId, jid, origin, now);
    });
  }

  remove(accountId: string, jids: readonly string[]): void {
    this.#tx(() => {
      for (const jid of jids) this.#remove.run(accountId, jid);
    });
  }

  /**
   * The server's whole list after a login: its entries replace the server part; local ones stay
   * (an address on both becomes a server entry).
   */
  replaceServer(accountId: string, jids: readonly string[]): void {
    this.#tx(() => {
      this.#clearOrigin.run(accountId, 'server');
      this.add(accountId, jids, 'server');
    });
  }

  /** "Unblock all" from the server: its part goes; with `everything`, local blocks too. */
  clear(accountId: string, everything = false): void {
    if (everything) this.#clear.run(accountId);
    else this.#clearOrigin.run(accountId, 'server');
  }
}
