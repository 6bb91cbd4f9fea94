import type Database from 'better-sqlite3-multiple-ciphers';

/** Displayed-marker state of one conversation (XEP-0333). Times are the marked messages' own. */
export interface MarkerState {
  /** The wire id of the newest markable incoming message, and its time. */
  markableRef: string | null;
  markableAt: number | null;
  /** We said (from any of our devices) that we read up to this message time. */
  ownDisplayedAt: number | null;
  /** The peer read our messages up to this message time. */
  peerDisplayedAt: number | null;
}

interface Row {
  markable_ref: string | null;
  markable_at: number | null;
  own_displayed_at: number | null;
  peer_displayed_at: number | null;
}

export class MarkersRepository {
  readonly #get;
  readonly #markable;
  readonly #own;
  readonly #peer;
  readonly #readUpTo;

  constructor(db: Database.Database) {
    this.#get = db.prepare<[string, string], Row>(
      `SELECT markable_ref, markable_at, own_displayed_at, peer_displayed_at
       FROM conversation_markers WHERE account_id = ? AND peer = ?`,
    );
    // Each column only moves forward: markers met out of order (archive pages) change nothing.
    this.#markable = db.prepare<[string, string, string, number]>(
      `INSERT INTO conversation_markers (account_id, peer, markable_ref, markable_at)
       VALUES (?, ?, ?, ?)
       ON CONFLICT (account_id, peer) DO UPDATE SET markable_ref = excluded.markable_ref,
         markable_at = excluded.markable_at
       WHERE markable_at IS NULL OR excluded.markable_at >= markable_at`,
    );
    this.#own = db.prepare<[string, string, number]>(
      `INSERT INTO conversation_markers (account_id, peer, own_displayed_at) VALUES (?, ?, ?)
       ON CONFLICT (account_id, peer) DO UPDATE SET own_displayed_at = excluded.own_displayed_at
       WHERE own_displayed_at IS NULL OR excluded.own_displayed_at > own_displayed_at`,
    );
    this.#peer = db.prepare<[string, string, number]>(
      `INSERT INTO conversation_markers (account_id, peer, peer_displayed_at) VALUES (?, ?, ?)
       ON CONFLICT (account_id, peer) DO UPDATE SET peer_displayed_at = excluded.peer_displayed_at
       WHERE peer_displayed_at IS NULL OR excluded.peer_displayed_at > peer_displayed_at`,
    );
    // Unread = incoming messages after the one read (never more than it was).
    this.#readUpTo = db.prepare<{ accountId: string; peer: string; at: number }>(
      `UPDATE conversations SET
         unread = min(unread, (SELECT count(*) FROM messages WHERE account_id = @accountId
           AND peer = @peer AND direction = 'in' AND timestamp > @at)),
         mentions = CASE WHEN (SELECT count(*) FROM messages WHERE account_id = @accountId
           AND peer = @peer AND direction = 'in' AND timestamp > @at) = 0 THEN 0 ELSE mentions END
       WHERE account_id = @accountId AND peer = @peer AND unread > 0`,
    );
  }

  get(accountId: string, peer: string): MarkerState {
    const r = this.#get.get(accountId, peer);
    return {
      markableRef: r?.markable_ref ?? null,
      markableAt: r?.markable_at ?? null,
      ownDisplayedAt: r?.own_displayed_at ?? null,
      peerDisplayedAt: r?.peer_displayed_at ?? null,
    };
  }

  noteMarkable(accountId: string, peer: string, ref: string, at: number): void {
    this.#markable.run(accountId, peer, ref, Math.round(at));
  }

  /** Returns whether it moved forward. */
  setOwnDisplayed(accountId: string, peer: string, at: number): boolean {
    return this.#own.run(accountId, peer, Math.round(at)).changes > 0;
  }

  /** Returns whether it moved forward. */
  setPeerDisplayed(accountId: string, peer: string, at: number): boolean {
    return this.#peer.run(accountId, peer, Math.round(at)).changes > 0;
  }

  /** Our other device read up to `at`: fewer unread here. Returns whether the count changed. */
  readUpTo(accountId: string, peer: string, at: number): boolean {
    return this.#readUpTo.run({ accountId, peer, at: Math.round(at) }).changes > 0;
  }
}
