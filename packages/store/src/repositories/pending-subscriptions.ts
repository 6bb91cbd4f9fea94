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
  readonly #get;
  readonly #count;

  constructor(db: Database.Database) {
    // A repeated request keeps its first arrival time (the list order) but takes the newer name.
    this.#add = db.prepare<[string, string, string | null, number]>(
      `INSERT INTO pending_subscriptions (account_id, jid, name, received_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (account_id, jid) DO UPDATE SET name = coalesce(excluded.name, name)`,
    );
    this.#remove = db.prepare<[string, string]>(
      `DELETE FROM pending_subscriptions WHERE account_id = ? AND jid = ?`,
    );
    this.#get = db.prepare<[string, string], { name: string | null }>(
      `SELECT name FROM pending_subscriptions WHERE account_id = ? AND jid = ?`,
    );
    this.#count = db.prepare<[string], { n: number }>(
      `SELECT count(*) AS n FROM pending_subscriptions WHERE account_id = ?`,
    );
    this.#list = db.prepare<[], Row>(
      `SELECT account_id, jid, name FROM pending_subscriptions ORDER BY received_at, account_id, jid`,
    );
  }

  /**
   * Records a request. With `max`, an account already holding that many open requests takes no
   * new one ('full'): requests come from anyone, so their number must be bounded. A repeated
   * request is 'updated' when its name changed, else 'unchanged'.
   */
  add(
    accountId: string,
    jid: string,
    name: string | null,
    max = Infinity,
  ): 'added' | 'updated' | 'unchanged' | 'full' {
    const before = this.#get.get(accountId, jid);
    if (!before && (this.#count.get(accountId)?.n ?? 0) >= max) return 'full';
    this.#add.run(accountId, jid, name, Date.now());
    if (!before) return 'added';
    return name !== null && name !== before.name ? 'updated' : 'unchanged';
  }

  count(accountId: string): number {
    return this.#count.get(accountId)?.n ?? 0;
  }

  remove(accountId: string, jid: string): boolean {
    return this.#remove.run(accountId, jid).changes > 0;
  }

  /** Every account's open requests, oldest first. */
  list(): SubscriptionRequest[] {
    return this.#list.all().map((r) => ({ accountId: r.account_id, jid: r.jid, name: r.name }));
  }
}
