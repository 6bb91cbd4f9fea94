import type Database from 'better-sqlite3-multiple-ciphers';

/**
 * WAL pages written before SQLite folds them into the database file by itself (~40 MB of 4 KB
 * pages; a burst of 10,000 received messages writes ~4,500). SQLite's default of 1,000 made
 * such a burst pay a checkpoint (and its fsyncs) every ~2,000 messages, about a third of the
 * commit time; the idle checkpoint below does that work once the burst is over. The bound
 * still caps the WAL when writes never pause.
 */
export const WAL_AUTOCHECKPOINT_PAGES = 10_000;

/** What a WAL file may keep on disk after a checkpoint has emptied it (SQLite reuses it). */
export const WAL_SIZE_KEPT_BYTES = 4 * 1024 * 1024;

/** How long the store must have been without writes before the idle checkpoint runs. */
export const IDLE_CHECKPOINT_MS = 1_000;

/**
 * Folds the WAL back into the database file once writes have paused for `idleMs`. PASSIVE: it
 * never waits for, or blocks, a reader or writer; what it cannot copy now waits for the next
 * pause. Writes are seen through `total_changes()`, which counts every insert, update and
 * delete of this connection, inside store.transaction or not.
 */
export class IdleCheckpoint {
  readonly #db: Database.Database;
  readonly #timer: ReturnType<typeof setInterval>;
  readonly #changes: Database.Statement;
  #seen: number;
  #pending = false;

  constructor(db: Database.Database, idleMs = IDLE_CHECKPOINT_MS) {
    this.#db = db;
    db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    db.pragma(`journal_size_limit = ${WAL_SIZE_KEPT_BYTES}`);
    this.#changes = db.prepare('SELECT total_changes()').pluck();
    this.#seen = this.#count();
    this.#timer = setInterval(() => this.tick(), idleMs);
    this.#timer.unref();
  }

  /** One look: a write since the last look defers the checkpoint; a quiet interval runs it. */
  tick(): void {
    if (!this.#db.open || this.#db.inTransaction) return;
    const now = this.#count();
    if (now !== this.#seen) {
      this.#seen = now;
      this.#pending = true;
      return;
    }
    if (!this.#pending) return;
    this.#pending = false;
    try {
      this.#db.pragma('wal_checkpoint(PASSIVE)');
    } catch (error) {
      // Busy or closing: SQLite's own bound and the next pause still fold the WAL in.
      console.warn(`[parley] idle checkpoint failed: ${String(error)}`);
    }
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  #count(): number {
    return this.#changes.get() as number;
  }
}
