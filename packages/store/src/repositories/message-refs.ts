import type Database from 'better-sqlite3-multiple-ciphers';

/**
 * Finds a stored message by the id the wire uses for it. One-to-one: the `id` attribute of the
 * incoming stanza (the message's sender_id column, indexed), else the origin-id (ours: equal
 * to our local id). Rooms: the room's stanza-id. Always within one conversation, so an id
 * named in one chat can never reach a message of another. No table of its own: a second copy
 * of every wire id cost a B-tree write per received message (receive throughput).
 */
export class MessageRefsRepository {
  readonly #bySenderId;
  readonly #byOriginId;
  readonly #byStanzaId;
  readonly #refOf;

  constructor(db: Database.Database) {
    // The first message under an id keeps it when a peer reuses one. A wire id equal to the
    // origin-id is not in this (partial) index: the origin-id lookup below finds it.
    this.#bySenderId = db
      .prepare<[string, string, string], string>(
        `SELECT id FROM messages WHERE account_id = ? AND peer = ? AND sender_id = ?
           AND sender_id IS NOT NULL AND (origin_id IS NULL OR origin_id <> sender_id)
           AND direction = 'in' ORDER BY seq LIMIT 1`,
      )
      .pluck();
    this.#byOriginId = db
      .prepare<[string, string, string], string>(
        `SELECT id FROM messages WHERE account_id = ? AND origin_id = ? AND peer = ?`,
      )
      .pluck();
    this.#byStanzaId = db
      .prepare<[string, string, string], string>(
        `SELECT id FROM messages WHERE account_id = ? AND peer = ? AND stanza_id = ?`,
      )
      .pluck();
    this.#refOf = db
      .prepare<[string, string], string | null>(
        `SELECT sender_id FROM messages WHERE account_id = ? AND id = ? AND direction = 'in'`,
      )
      .pluck();
  }

  /** The wire id an incoming message arrived with, or null. */
  refOf(accountId: string, messageId: string): string | null {
    return this.#refOf.get(accountId, messageId) ?? null;
  }

  /** The local id of the message `ref` names in this conversation, or null. */
  resolve(accountId: string, peer: string, ref: string, kind: 'chat' | 'room'): string | null {
    if (kind === 'room') return this.#byStanzaId.get(accountId, peer, ref) ?? null;
    return (
      this.#bySenderId.get(accountId, peer, ref) ??
      this.#byOriginId.get(accountId, ref, peer) ??
      null
    );
  }
}
