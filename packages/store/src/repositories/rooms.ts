import type Database from 'better-sqlite3-multiple-ciphers';

/** What is kept of a room across restarts; its live state (occupants, role) is not. */
export interface RoomRecord {
  accountId: string;
  /** The room's bare JID. */
  jid: string;
  nick: string;
  password: string | null;
  name: string;
  subject: string;
  /** The user wants to be in the room: rejoined after every reconnect until they leave. */
  joined: boolean;
  bookmarked: boolean;
  autojoin: boolean;
  /** The room archive's id of the newest message we hold: where the next catch-up starts. */
  mamLastStanzaId: string | null;
  /** Other clients' <extensions/> of the bookmark (XML text), republished unchanged. */
  bookmarkExtensions: string | null;
}

export type RoomPatch = Partial<Omit<RoomRecord, 'accountId' | 'jid'>>;

interface Row {
  account_id: string;
  jid: string;
  nick: string;
  password: string | null;
  name: string;
  subject: string;
  joined: number;
  bookmarked: number;
  autojoin: number;
  mam_last_stanza_id: string | null;
  bookmark_extensions: string | null;
}

const COLUMNS = `account_id, jid, nick, password, name, subject, joined, bookmarked, autojoin,
  mam_last_stanza_id, bookmark_extensions`;

function fromRow(r: Row): RoomRecord {
  return {
    accountId: r.account_id,
    jid: r.jid,
    nick: r.nick,
    password: r.password,
    name: r.name,
    subject: r.subject,
    joined: r.joined === 1,
    bookmarked: r.bookmarked === 1,
    autojoin: r.autojoin === 1,
    mamLastStanzaId: r.mam_last_stanza_id,
    bookmarkExtensions: r.bookmark_extensions,
  };
}

const PATCHABLE: Record<keyof RoomPatch, string> = {
  nick: 'nick',
  password: 'password',
  name: 'name',
  subject: 'subject',
  joined: 'joined',
  bookmarked: 'bookmarked',
  autojoin: 'autojoin',
  mamLastStanzaId: 'mam_last_stanza_id',
  bookmarkExtensions: 'bookmark_extensions',
};

function toSql(value: unknown): unknown {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

export class RoomsRepository {
  readonly #db: Database.Database;
  readonly #get;
  readonly #list;
  readonly #listAccount;
  readonly #insert;
  readonly #remove;
  readonly #jidsOf;
  /**
   * Per account, every room JID that may be stored: loaded once, added to on insert, never
   * taken from (a removal or an insert rolled back leaves a name that `exists` then checks in
   * the store). So a JID not in it is no room, known without a query: the receive path asks
   * this for every message.
   */
  readonly #maybe = new Map<string, Set<string>>();

  constructor(db: Database.Database) {
    this.#db = db;
    this.#get = db.prepare<[string, string], Row>(
      `SELECT ${COLUMNS} FROM rooms WHERE account_id = ? AND jid = ?`,
    );
    this.#list = db.prepare<[], Row>(`SELECT ${COLUMNS} FROM rooms ORDER BY account_id, jid`);
    this.#listAccount = db.prepare<[string], Row>(
      `SELECT ${COLUMNS} FROM rooms WHERE account_id = ? ORDER BY jid`,
    );
    this.#insert = db.prepare(
      `INSERT INTO rooms (${COLUMNS}, created_at) VALUES (@accountId, @jid, @nick, @password,
         @name, @subject, @joined, @bookmarked, @autojoin, @mamLastStanzaId, @bookmarkExtensions,
         @createdAt)`,
    );
    this.#remove = db.prepare<[string, string]>(
      `DELETE FROM rooms WHERE account_id = ? AND jid = ?`,
    );
    this.#jidsOf = db
      .prepare<[string], string>(`SELECT jid FROM rooms WHERE account_id = ?`)
      .pluck();
  }

  /** Whether the room is stored for the account; answered from memory for most JIDs. */
  exists(accountId: string, jid: string): boolean {
    let maybe = this.#maybe.get(accountId);
    if (!maybe) {
      maybe = new Set(this.#jidsOf.all(accountId));
      this.#maybe.set(accountId, maybe);
    }
    return maybe.has(jid) && this.#get.get(accountId, jid) !== undefined;
  }

  get(accountId: string, jid: string): RoomRecord | null {
    const row = this.#get.get(accountId, jid);
    return row ? fromRow(row) : null;
  }

  /** Every account's rooms, or one account's. */
  list(accountId?: string): RoomRecord[] {
    const rows = accountId === undefined ? this.#list.all() : this.#listAccount.all(accountId);
    return rows.map(fromRow);
  }

  /** Creates the room with `defaults` when missing, then applies `patch`; returns the result. */
  upsert(
    accountId: string,
    jid: string,
    defaults: { nick: string } & RoomPatch,
    patch: RoomPatch = {},
  ): RoomRecord {
    if (!this.get(accountId, jid)) {
      this.#maybe.get(accountId)?.add(jid);
      this.#insert.run({
        accountId,
        jid,
        nick: defaults.nick,
        password: defaults.password ?? null,
        name: defaults.name ?? '',
        subject: defaults.subject ?? '',
        joined: defaults.joined ? 1 : 0,
        bookmarked: defaults.bookmarked ? 1 : 0,
        autojoin: defaults.autojoin ? 1 : 0,
        mamLastStanzaId: defaults.mamLastStanzaId ?? null,
        bookmarkExtensions: defaults.bookmarkExtensions ?? null,
        createdAt: Date.now(),
      });
    }
    return this.update(accountId, jid, patch) ?? this.#mustGet(accountId, jid);
  }

  /** Applies the given fields; null when the room is unknown. */
  update(accountId: string, jid: string, patch: RoomPatch): RoomRecord | null {
    const keys = (Object.keys(patch) as (keyof RoomPatch)[]).filter(
      (k) => patch[k] !== undefined && k in PATCHABLE,
    );
    if (keys.length > 0) {
      // Column names come from PATCHABLE, never from the caller.
      const sets = keys.map((k) => `${PATCHABLE[k]} = @${k}`).join(', ');
      const params: Record<string, unknown> = { accountId, jid };
      for (const k of keys) params[k] = toSql(patch[k]);
      this.#db
        .prepare(`UPDATE rooms SET ${sets} WHERE account_id = @accountId AND jid = @jid`)
        .run(params);
    }
    return this.get(accountId, jid);
  }

  remove(accountId: string, jid: string): boolean {
    return this.#remove.run(accountId, jid).changes > 0;
  }

  #mustGet(accountId: string, jid: string): RoomRecord {
    const room = this.get(accountId, jid);
    if (!room) throw new Error(`room ${accountId}/${jid} vanished right after its write`);
    return room;
  }
}
