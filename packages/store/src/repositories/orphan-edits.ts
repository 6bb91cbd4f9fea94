import type Database from 'better-sqlite3-multiple-ciphers';

/** At most this many edits wait per conversation: a page or two of history is plenty. */
export const MAX_ORPHANS_PER_CONVERSATION = 500;
/** And per account, across its conversations. */
export const MAX_ORPHANS_PER_ACCOUNT = 5_000;
/** One whose message has not come in this long never will: history is fetched within days. */
export const MAX_ORPHAN_AGE_MS = 14 * 24 * 60 * 60 * 1000;

/** Where an edit waits: the conversation and the id it names. */
export interface OrphanKey {
  peer: string;
  ref: string;
}

/**
 * Corrections, retractions and moderations that came (from an archive page) before the message
 * they name, kept as JSON until it arrives, so that neither a restart nor a catch-up split
 * across pages loses them. Oldest dropped first when a bound is reached; the caller applies a
 * taken one with every sender check, as if it had just arrived.
 */
export class OrphanEditsRepository {
  readonly #insert;
  readonly #dropOld;
  readonly #countPeer;
  readonly #dropOldestPeer;
  readonly #countAccount;
  readonly #dropOldestAccount;
  readonly #keys;
  readonly #take;
  readonly #drop;

  constructor(db: Database.Database) {
    this.#insert = db.prepare<[string, string, string, string, number]>(
      `INSERT INTO orphan_edits (account_id, peer, ref, edit_json, kept_at) VALUES (?, ?, ?, ?, ?)`,
    );
    this.#dropOld = db.prepare<[string, number]>(
      `DELETE FROM orphan_edits WHERE account_id = ? AND kept_at < ?`,
    );
    this.#countPeer = db
      .prepare<[string, string], number>(
        `SELECT count(*) FROM orphan_edits WHERE account_id = ? AND peer = ?`,
      )
      .pluck();
    this.#dropOldestPeer = db.prepare<[string, string, number]>(
      `DELETE FROM orphan_edits WHERE seq IN (SELECT seq FROM orphan_edits
         WHERE account_id = ? AND peer = ? ORDER BY seq LIMIT ?)`,
    );
    this.#countAccount = db
      .prepare<[string], number>(`SELECT count(*) FROM orphan_edits WHERE account_id = ?`)
      .pluck();
    this.#dropOldestAccount = db.prepare<[string, number]>(
      `DELETE FROM orphan_edits WHERE seq IN (SELECT seq FROM orphan_edits
         WHERE account_id = ? ORDER BY seq LIMIT ?)`,
    );
    this.#keys = db.prepare<[string, number], OrphanKey>(
      `SELECT DISTINCT peer, ref FROM orphan_edits WHERE account_id = ? AND kept_at >= ?`,
    );
    this.#take = db
      .prepare<[string, string, string], string>(
        `SELECT edit_json FROM orphan_edits WHERE account_id = ? AND peer = ? AND ref = ?
         ORDER BY seq`,
      )
      .pluck();
    this.#drop = db.prepare<[string, string, string]>(
      `DELETE FROM orphan_edits WHERE account_id = ? AND peer = ? AND ref = ?`,
    );
  }

  /** Keeps an edit waiting for message `ref` of `peer`, within the bounds. */
  keep(accountId: string, key: OrphanKey, editJson: string, now = Date.now()): void {
    this.#dropOld.run(accountId, now - MAX_ORPHAN_AGE_MS);
    const inPeer = this.#countPeer.get(accountId, key.peer) ?? 0;
    if (inPeer >= MAX_ORPHANS_PER_CONVERSATION) {
      this.#dropOldestPeer.run(accountId, key.peer, inPeer - MAX_ORPHANS_PER_CONVERSATION + 1);
    }
    const inAccount = this.#countAccount.get(accountId) ?? 0;
    if (inAccount >= MAX_ORPHANS_PER_ACCOUNT) {
      this.#dropOldestAccount.run(accountId, inAccount - MAX_ORPHANS_PER_ACCOUNT + 1);
    }
    this.#insert.run(accountId, key.peer, key.ref, editJson, Math.round(now));
  }

  /** What is waiting (not expired), to index in memory at start. */
  keys(accountId: string, now = Date.now()): OrphanKey[] {
    return this.#keys.all(accountId, now - MAX_ORPHAN_AGE_MS);
  }

  /** The edits waiting for message `ref` of `peer`, oldest first; they stop waiting. */
  take(accountId: string, key: OrphanKey): string[] {
    const found = this.#take.all(accountId, key.peer, key.ref);
    if (found.length > 0) this.#drop.run(accountId, key.peer, key.ref);
    return found;
  }
}
