import type Database from 'better-sqlite3-multiple-ciphers';
import {
  STATUS_HISTORY_SIZE,
  type OwnPresence,
  type ProxyType,
  type TlsMode,
} from '@parley/contract';
import { StoreConflictError, isSqliteError } from '../errors.js';

/** An account's proxy; the password is a secret like the account's own. */
export interface ProxyRecord {
  type: ProxyType;
  host: string;
  port: number;
  username: string | null;
  password: string | null;
}

/** What the store keeps per account: the contract's Account minus runtime state, plus secrets. */
export interface AccountRecord {
  id: string;
  jid: string;
  password: string;
  host: string | null;
  port: number | null;
  tlsMode: TlsMode;
  pinnedFingerprint256: string | null;
  pinnedCertPem: string | null;
  enabled: boolean;
  resource: string;
  ownPresence: OwnPresence;
  /** XEP-0237 roster version last received, null before the first roster. */
  rosterVersion: string | null;
  /** XEP-0313 id of the newest archived stanza we have, where history sync resumes. */
  mamLastStanzaId: string | null;
  createdAt: number;
  /** The user's order, 0 first (see reorder). */
  position: number;
  /** A palette name the user chose; null: derived from the address. */
  color: string | null;
  /** Presence priority, -128..127. */
  priority: number;
  /** Status texts used before, newest first, distinct (see rememberStatus). */
  statusHistory: string[];
  /** null: connect directly. */
  proxy: ProxyRecord | null;
}

/** Fields the store maintains (or defaults) itself may be left out of an insert. */
type Defaulted =
  | 'rosterVersion'
  | 'mamLastStanzaId'
  | 'createdAt'
  | 'position'
  | 'color'
  | 'priority'
  | 'statusHistory'
  | 'proxy';
export type NewAccountRecord = Omit<AccountRecord, Defaulted> &
  Partial<Pick<AccountRecord, Defaulted>>;

/** The id and creation time never change. */
export type AccountPatch = Partial<Omit<AccountRecord, 'id' | 'createdAt'>>;

interface AccountRow {
  id: string;
  jid: string;
  password: string;
  host: string | null;
  port: number | null;
  tls_mode: string;
  pinned_fingerprint256: string | null;
  pinned_cert_pem: string | null;
  enabled: number;
  resource: string;
  presence_show: string;
  presence_status: string;
  roster_version: string | null;
  mam_last_stanza_id: string | null;
  created_at: number;
  position: number;
  color: string | null;
  priority: number;
  status_history_json: string;
  proxy_type: string | null;
  proxy_host: string | null;
  proxy_port: number | null;
  proxy_username: string | null;
  proxy_password: string | null;
}

const COLUMNS = `id, jid, password, host, port, tls_mode, pinned_fingerprint256, pinned_cert_pem,
  enabled, resource, presence_show, presence_status, roster_version, mam_last_stanza_id,
  created_at, position, color, priority, status_history_json, proxy_type, proxy_host,
  proxy_port, proxy_username, proxy_password`;
const VALUES = `@id, @jid, @password, @host, @port, @tls_mode, @pinned_fingerprint256,
  @pinned_cert_pem, @enabled, @resource, @presence_show, @presence_status, @roster_version,
  @mam_last_stanza_id, @created_at, @position, @color, @priority, @status_history_json,
  @proxy_type, @proxy_host, @proxy_port, @proxy_username, @proxy_password`;

function historyFrom(json: string): string[] {
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? parsed.filter((t): t is string => typeof t === 'string') : [];
}

function proxyFrom(r: AccountRow): ProxyRecord | null {
  if (r.proxy_type === null || r.proxy_host === null || r.proxy_port === null) return null;
  return {
    type: r.proxy_type as ProxyType,
    host: r.proxy_host,
    port: r.proxy_port,
    username: r.proxy_username,
    password: r.proxy_password,
  };
}

/** Newest first, without repeats, bounded: what a status history keeps after using `text`. */
export function withStatus(history: readonly string[], text: string): string[] {
  const trimmed = text.trim();
  if (!trimmed) return history.slice(0, STATUS_HISTORY_SIZE);
  return [trimmed, ...history.filter((t) => t !== trimmed)].slice(0, STATUS_HISTORY_SIZE);
}

function fromRow(r: AccountRow): AccountRecord {
  return {
    id: r.id,
    jid: r.jid,
    password: r.password,
    host: r.host,
    port: r.port,
    // The CHECK constraints guarantee these strings are members of the unions.
    tlsMode: r.tls_mode as TlsMode,
    pinnedFingerprint256: r.pinned_fingerprint256,
    pinnedCertPem: r.pinned_cert_pem,
    enabled: r.enabled === 1,
    resource: r.resource,
    ownPresence: { show: r.presence_show as OwnPresence['show'], status: r.presence_status },
    rosterVersion: r.roster_version,
    mamLastStanzaId: r.mam_last_stanza_id,
    createdAt: r.created_at,
    position: r.position,
    color: r.color,
    priority: r.priority,
    statusHistory: historyFrom(r.status_history_json),
    proxy: proxyFrom(r),
  };
}

function toRow(a: AccountRecord): AccountRow {
  return {
    id: a.id,
    jid: a.jid,
    password: a.password,
    host: a.host,
    port: a.port,
    tls_mode: a.tlsMode,
    pinned_fingerprint256: a.pinnedFingerprint256,
    pinned_cert_pem: a.pinnedCertPem,
    enabled: a.enabled ? 1 : 0,
    resource: a.resource,
    presence_show: a.ownPresence.show,
    presence_status: a.ownPresence.status,
    roster_version: a.rosterVersion,
    mam_last_stanza_id: a.mamLastStanzaId,
    created_at: a.createdAt,
    position: a.position,
    color: a.color,
    priority: a.priority,
    status_history_json: JSON.stringify(a.statusHistory.slice(0, STATUS_HISTORY_SIZE)),
    proxy_type: a.proxy?.type ?? null,
    proxy_host: a.proxy?.host ?? null,
    proxy_port: a.proxy?.port ?? null,
    proxy_username: a.proxy?.username ?? null,
    proxy_password: a.proxy?.password ?? null,
  };
}

export class AccountsRepository {
  readonly #list;
  readonly #get;
  readonly #insert;
  readonly #update;
  readonly #remove;
  readonly #setRosterVersion;
  readonly #setMamCursor;
  readonly #patch;
  readonly #nextPosition;
  readonly #setPosition;
  readonly #reorder;

  constructor(db: Database.Database) {
    this.#list = db.prepare<[], AccountRow>(
      `SELECT ${COLUMNS} FROM accounts ORDER BY position, created_at, id`,
    );
    this.#get = db.prepare<[string], AccountRow>(`SELECT ${COLUMNS} FROM accounts WHERE id = ?`);
    this.#insert = db.prepare<AccountRow>(`INSERT INTO accounts (${COLUMNS}) VALUES (${VALUES})`);
    // Updates write the whole row (read, merge, write): one cached statement for any patch shape.
    this.#update = db.prepare<AccountRow>(
      `UPDATE accounts SET jid = @jid, password = @password, host = @host, port = @port,
         tls_mode = @tls_mode, pinned_fingerprint256 = @pinned_fingerprint256,
         pinned_cert_pem = @pinned_cert_pem, enabled = @enabled, resource = @resource,
         presence_show = @presence_show, presence_status = @presence_status,
         roster_version = @roster_version, mam_last_stanza_id = @mam_last_stanza_id,
         position = @position, color = @color, priority = @priority,
         status_history_json = @status_history_json, proxy_type = @proxy_type,
         proxy_host = @proxy_host, proxy_port = @proxy_port, proxy_username = @proxy_username,
         proxy_password = @proxy_password
       WHERE id = @id`,
    );
    this.#nextPosition = db
      .prepare<[], number>(`SELECT coalesce(max(position) + 1, 0) FROM accounts`)
      .pluck();
    this.#setPosition = db.prepare<[number, string]>(
      `UPDATE accounts SET position = ? WHERE id = ?`,
    );
    this.#reorder = db.transaction((ids: readonly string[]): void => {
      const known = this.list().map((a) => a.id);
      const given = new Set(ids);
      if (
        given.size !== ids.length ||
        ids.length !== known.length ||
        known.some((id) => !given.has(id))
      ) {
        throw new StoreConflictError('the new order must name every account exactly once');
      }
      ids.forEach((id, position) => this.#setPosition.run(position, id));
    });
    this.#remove = db.prepare<[string]>(`DELETE FROM accounts WHERE id = ?`);
    this.#setRosterVersion = db.prepare<[string | null, string]>(
      `UPDATE accounts SET roster_version = ? WHERE id = ?`,
    );
    this.#setMamCursor = db.prepare<[string | null, string]>(
      `UPDATE accounts SET mam_last_stanza_id = ? WHERE id = ?`,
    );
    this.#patch = db.transaction((id: string, patch: AccountPatch): AccountRecord | null => {
      const current = this.get(id);
      if (!current) return null;
      const next: AccountRecord = {
        ...current,
        ...withoutUndefined(patch),
        id,
        createdAt: current.createdAt,
      };
      this.#update.run(toRow(next));
      return next;
    });
  }

  /** In the user's order (new accounts last). */
  list(): AccountRecord[] {
    return this.#list.all().map(fromRow);
  }

  get(id: string): AccountRecord | null {
    const row = this.#get.get(id);
    return row ? fromRow(row) : null;
  }

  /** @throws StoreConflictError when the id is taken. */
  insert(rec: NewAccountRecord): AccountRecord {
    const full: AccountRecord = {
      ...rec,
      rosterVersion: rec.rosterVersion ?? null,
      mamLastStanzaId: rec.mamLastStanzaId ?? null,
      createdAt: rec.createdAt ?? Date.now(),
      position: rec.position ?? this.#nextPosition.get() ?? 0,
      color: rec.color ?? null,
      priority: rec.priority ?? 0,
      statusHistory: rec.statusHistory ?? [],
      proxy: rec.proxy ?? null,
    };
    try {
      this.#insert.run(toRow(full));
    } catch (err) {
      if (isSqliteError(err, 'SQLITE_CONSTRAINT_PRIMARYKEY')) {
        throw new StoreConflictError(`an account with id ${rec.id} already exists`);
      }
      throw err;
    }
    return full;
  }

  /** Applies the defined fields of `patch`; returns the updated record, null if there is none. */
  update(id: string, patch: AccountPatch): AccountRecord | null {
    return this.#patch(id, patch);
  }

  /**
   * Puts the accounts in this order (`ids` names each exactly once).
   * @throws StoreConflictError when it does not (an account added or removed meanwhile).
   */
  reorder(ids: readonly string[]): void {
    this.#reorder(ids);
  }

  /** Puts `text` first in the account's status history; returns the history, null if no account. */
  rememberStatus(id: string, text: string): string[] | null {
    const current = this.get(id);
    if (!current) return null;
    return (
      this.update(id, { statusHistory: withStatus(current.statusHistory, text) })?.statusHistory ??
      null
    );
  }

  /** Deletes the account and, by cascade, its contacts, messages, conversations and requests. */
  remove(id: string): boolean {
    return this.#remove.run(id).changes > 0;
  }

  setRosterVersion(id: string, version: string | null): boolean {
    return this.#setRosterVersion.run(version, id).changes > 0;
  }

  setMamCursor(id: string, stanzaId: string | null): boolean {
    return this.#setMamCursor.run(stanzaId, id).changes > 0;
  }
}

/** `{ host: undefined }` means "not given", not "set to undefined", so it must not overwrite. */
function withoutUndefined<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}
