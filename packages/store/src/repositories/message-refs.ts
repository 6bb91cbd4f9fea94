import type Database from 'better-sqlite3-multiple-ciphers';

/**
 * Finds a stored message by the id the wire uses for it. One-to-one: the `id` attribute of the
 * stanza (kept in message_refs for incoming messages), else the origin-id (ours: equal to our
 * local id). Rooms: the room's stanza-id. Always within one conversation, so an id named in
 * one chat can never reach a message of another.
 */
export class MessageRefsRepository {
  readonly #add;
  readonly #byRef;
  readonly #byOriginId;
  readonly #byStanzaId;
  readonly #refOf;

  constructor(db: Database.Database) {
    // OR IGNORE: a peer reusing an id keeps the first message under it.
    this.#add = db.prepare<[string, string, string, string]>(
      `INSERT OR IGNORE INTO message_refs (account_id, peer, ref, message_id) VALUES (?, ?, ?, ?)`,
    );
    this.#byRef = db
      .prepare<[string, string, string], string>(
        `SELECT message_id FROM message_refs WHERE account_id = ? AND peer = ? AND ref = ?`,
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
      .prepare<[string, string], string>(
        `SELECT ref FROM message_refs WHERE account_id = ? AND message_id = ? LIMIT 1`,
      )
      .pluck();
  }

  /** The wire id recorded for a stored message (the first one), or null. */
  refOf(accountId: string, messageId: string): string | null {
    return this.#refOf.get(accountId, messageId) ?? null;
  }

  /** Records the wire id of a stored one-to-one message. */
  add(accountId: string, peer: string, ref: string, messageId: string): void {
    this.#add.run(accountId, peer, ref, messageId);
  }

  /** The local id of the message `ref` names in this conversation, or null. */
  resolve(accountId: string, peer: string, ref: string, kind: 'chat' | 'room'): string | null {
    if (kind === 'room') return this.#byStanzaId.get(accountId, peer, ref) ?? null;
    return (
      this.#byRef.get(accountId, peer, ref) ?? this.#byOriginId.get(accountId, ref, peer) ?? null
    );
  }
}
