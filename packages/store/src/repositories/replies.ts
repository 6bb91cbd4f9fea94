import type Database from 'better-sqlite3-multiple-ciphers';

/** What a reply answers: the wire id it named, its author as named, and the quote it carried. */
export interface ReplyRecord {
  messageId: string;
  target: string;
  author: string | null;
  quote: string | null;
}

interface Row {
  message_id: string;
  target: string;
  author: string | null;
  quote: string | null;
}

export class RepliesRepository {
  readonly #db: Database.Database;
  readonly #set;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#set = db.prepare(
      `INSERT OR REPLACE INTO message_replies (account_id, message_id, target, author, quote)
       VALUES (@accountId, @messageId, @target, @author, @quote)`,
    );
  }

  set(accountId: string, reply: ReplyRecord): void {
    this.#set.run({ accountId, ...reply });
  }

  forMessages(accountId: string, messageIds: readonly string[]): Map<string, ReplyRecord> {
    const out = new Map<string, ReplyRecord>();
    for (let i = 0; i < messageIds.length; i += 500) {
      const chunk = messageIds.slice(i, i + 500);
      const rows = this.#db
        .prepare<string[], Row>(
          `SELECT message_id, target, author, quote FROM message_replies
           WHERE account_id = ? AND message_id IN (${chunk.map(() => '?').join(',')})`,
        )
        .all(accountId, ...chunk);
      for (const r of rows) {
        out.set(r.message_id, {
          messageId: r.message_id,
          target: r.target,
          author: r.author,
          quote: r.quote,
        });
      }
    }
    return out;
  }
}
