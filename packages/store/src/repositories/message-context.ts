import type Database from 'better-sqlite3-multiple-ciphers';

type Position = { timestamp: number; seq: number };

/**
 * Where a message sits in its conversation's order, for opening it in context (a search hit, a
 * quoted reply): how many messages lie between it and a point the caller has loaded already.
 * Both are keyset seeks plus a count over messages_by_time.
 */
export class MessageContextRepository {
  readonly #position;
  readonly #newerThan;
  readonly #between;

  constructor(db: Database.Database) {
    this.#position = db.prepare<[string, string, string], Position>(
      `SELECT timestamp, seq FROM messages WHERE account_id = ? AND peer = ? AND id = ?`,
    );
    this.#newerThan = db
      .prepare<{ accountId: string; peer: string } & Position, number>(
        `SELECT count(*) FROM messages WHERE account_id = @accountId AND peer = @peer
           AND (timestamp, seq) >= (@timestamp, @seq)`,
      )
      .pluck();
    this.#between = db
      .prepare<
        {
          accountId: string;
          peer: string;
          from: number;
          fromSeq: number;
          to: number;
          toSeq: number;
        },
        number
      >(
        `SELECT count(*) FROM messages WHERE account_id = @accountId AND peer = @peer
           AND (timestamp, seq) >= (@from, @fromSeq) AND (timestamp, seq) < (@to, @toSeq)`,
      )
      .pluck();
  }

  /**
   * How many messages of the conversation, the target included, are older than `beforeId` (or
   * than nothing: the newest) and not older than the target: the page size that reaches it.
   * Null when the target is not in this conversation, or is not older than `beforeId`.
   */
  distance(
    accountId: string,
    peer: string,
    targetId: string,
    beforeId: string | null,
  ): number | null {
    const target = this.#position.get(accountId, peer, targetId);
    if (!target) return null;
    if (beforeId === null) return this.#newerThan.get({ accountId, peer, ...target }) ?? null;
    const before = this.#position.get(accountId, peer, beforeId);
    if (!before) return null;
    const count = this.#between.get({
      accountId,
      peer,
      from: target.timestamp,
      fromSeq: target.seq,
      to: before.timestamp,
      toSeq: before.seq,
    });
    return count ? count : null;
  }
}
