import type Database from 'better-sqlite3-multiple-ciphers';
import type { Subscription } from '@parley/contract';

/** A roster item as stored; presence is runtime state and lives in the backend, not here. */
export interface ContactRecord {
  accountId: string;
  jid: string;
  /** The roster name; '' when the user gave none. */
  name: string;
  groups: string[];
  subscription: Subscription;
  askSubscribe: boolean;
}

export type ContactInput = Omit<ContactRecord, 'accountId'>;

interface ContactRow {
  account_id: string;
  jid: string;
  name: string;
  groups_json: string;
  subscription: string;
  ask_subscribe: number;
}

const COLUMNS = 'account_id, jid, name, groups_json, subscription, ask_subscribe';

function fromRow(r: ContactRow): ContactRecord {
  return {
    accountId: r.account_id,
    jid: r.jid,
    name: r.name,
    groups: parseGroups(r.groups_json),
    subscription: r.subscription as Subscription,
    askSubscribe: r.ask_subscribe === 1,
  };
}

function toRow(accountId: string, c: ContactInput): ContactRow {
  return {
    account_id: accountId,
    jid: c.jid,
    name: c.name,
    groups_json: JSON.stringify(c.groups),
    subscription: c.subscription,
    ask_subscribe: c.askSubscribe ? 1 : 0,
  };
}

function parseGroups(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((g): g is string => typeof g === 'string') : [];
}

export class ContactsRepository {
  readonly #list;
  readonly #get;
  readonly #upsert;
  readonly #remove;
  readonly #removeAll;
  readonly #setRosterVersion;
  readonly #replaceAll;

  constructor(db: Database.Database) {
    this.#list = db.prepare<[string], ContactRow>(
      `SELECT ${COLUMNS} FROM contacts WHERE account_id = ? ORDER BY jid`,
    );
    this.#get = db.prepare<[string, string], ContactRow>(
      `SELECT ${COLUMNS} FROM contacts WHERE account_id = ? AND jid = ?`,
    );
    this.#upsert = db.prepare<ContactRow>(
      `INSERT INTO contacts (${COLUMNS})
       VALUES (@account_id, @jid, @name, @groups_json, @subscription, @ask_subscribe)
       ON CONFLICT (account_id, jid) DO UPDATE SET name = excluded.name,
         groups_json = excluded.groups_json, subscription = excluded.subscription,
         ask_subscribe = excluded.ask_subscribe`,
    );
    this.#remove = db.prepare<[string, string]>(
      `DELETE FROM contacts WHERE account_id = ? AND jid = ?`,
    );
    this.#removeAll = db.prepare<[string]>(`DELETE FROM contacts WHERE account_id = ?`);
    this.#setRosterVersion = db.prepare<[string | null, string]>(
      `UPDATE accounts SET roster_version = ? WHERE id = ?`,
    );
    this.#replaceAll = db.transaction(
      (accountId: string, items: readonly ContactInput[], rosterVersion: string | null) => {
        this.#removeAll.run(accountId);
        for (const item of items) this.#upsert.run(toRow(accountId, item));
        this.#setRosterVersion.run(rosterVersion, accountId);
      },
    );
  }

  /** The whole roster of an account, by JID; the UI sorts by what it displays. */
  list(accountId: string): ContactRecord[] {
    return this.#list.all(accountId).map(fromRow);
  }

  get(accountId: string, jid: string): ContactRecord | null {
    const row = this.#get.get(accountId, jid);
    return row ? fromRow(row) : null;
  }

  /** Inserts or replaces one roster item (a roster push). */
  upsert(accountId: string, item: ContactInput): ContactRecord {
    const row = toRow(accountId, item);
    this.#upsert.run(row);
    return fromRow(row);
  }

  remove(accountId: string, jid: string): boolean {
    return this.#remove.run(accountId, jid).changes > 0;
  }

  /**
   * A full roster result: the new items and the version they belong to land together, so a crash
   * cannot leave a version that claims items we never stored (the server would not resend them).
   */
  replaceAll(
    accountId: string,
    items: readonly ContactInput[],
    rosterVersion: string | null,
  ): void {
    this.#replaceAll(accountId, items, rosterVersion);
  }
}
