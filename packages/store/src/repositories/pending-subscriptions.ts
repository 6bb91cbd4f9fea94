import type Database from 'better-sqlite3-multiple-ciphers';
import type { SubscriptionRequest } from '@parley/contract';

interface Row {
  account_id: string;
  jid: string;
  name: string | null;
}

/** Incoming subscription requests not yet answered; kept so they survive a restart. */
export class PendingSubscriptionsRepository {
  readonly #add;
  readonly #remove;
  readonly #list;

  constructor(db: Database.Database) {
    // A repeated request keeps its first arrival time (the list order) but takes the newer name.
    this.#add = db.prepare<[string, string, string | null, number]>(
      `INSERT INTO pending_subscriptions (account_id, jid, name, received_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (account_id, jid) DO UPDATE SET name = coalesce(excluded.name, name)`,
    );
    this.#remove = db.prepare<[string, string]>(
      `DELETE FROM pending_subscriptions WHERE account_id = ? AND jid = ?`,
    );
    this.#list = db.prepare<[], Row>(
      `SELECT account_id, jid, name FROM pending_subscriptions ORDER BY received_at, account_id, jid`,
    );
  }

  add(accountId: string, jid: string, name: string | null): void {
    this.#add.run(accountId, jid, name, Date.now());
  }

  remove(accountId: string, jid: string): boolean {
    return this.#remove.run(accountId, jid).changes > 0;
  }

  /** Every account's open requests, oldest first. */
  list(): SubscriptionRequest[] {
    return this.#list.all().map((r) => ({ accountId: r.account_id, jid: r.jid, name: r.name }));
  }
}
