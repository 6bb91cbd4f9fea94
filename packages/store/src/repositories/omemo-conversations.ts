import type Database from 'better-sqlite3-multiple-ciphers';
import { conversationEncryption, type ConversationEncryption } from '@parley/contract';

/**
 * The encryption chosen per conversation. The store keeps only what was chosen (by the user's
 * lock, or by the backend's default when the contact has OMEMO devices); no row means nothing
 * was chosen yet, which the backend tells apart from "off" (the user turned it off).
 */
export class OmemoConversationsRepository {
  readonly #get;
  readonly #set;
  readonly #clear;

  constructor(db: Database.Database) {
    this.#get = db
      .prepare<[string, string], ConversationEncryption>(
        `SELECT encryption FROM omemo_conversations WHERE account_id = ? AND peer = ?`,
      )
      .pluck();
    this.#set = db.prepare<[string, string, ConversationEncryption, number]>(
      `INSERT INTO omemo_conversations (account_id, peer, encryption, updated_at)
       VALUES (?, ?, ?, ?) ON CONFLICT (account_id, peer)
       DO UPDATE SET encryption = excluded.encryption, updated_at = excluded.updated_at`,
    );
    this.#clear = db.prepare<[string, string]>(
      `DELETE FROM omemo_conversations WHERE account_id = ? AND peer = ?`,
    );
  }

  /** What was chosen for the conversation; null if nothing yet. */
  get(accountId: string, peer: string): ConversationEncryption | null {
    return this.#get.get(accountId, peer) ?? null;
  }

  /**
   * @throws RangeError for a value that is not 'off' or 'omemo'
   * @throws SqliteError (FOREIGN KEY) for an account that does not exist
   */
  set(accountId: string, peer: string, encryption: ConversationEncryption, now: number): void {
    if (!conversationEncryption.safeParse(encryption).success) {
      throw new RangeError(`unknown conversation encryption ${String(encryption)}`);
    }
    this.#set.run(accountId, peer, encryption, now);
  }

  /** Back to "not chosen" (the backend's default applies again). */
  clear(accountId: string, peer: string): boolean {
    return this.#clear.run(accountId, peer).changes > 0;
  }
}
