import type Database from 'better-sqlite3-multiple-ciphers';
import type { OwnPresence, TlsMode } from '@parley/contract';
import { StoreConflictError, isSqliteError } from '../errors.js';

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
}

/** Fields the store maintains itself may be left out of an insert. */
export type NewAccountRecord = Omit<
  AccountRecord,
  'rosterVersion' | 'mamLastStanzaId' | 'createdAt'
> &
  Partial<Pick<AccountRecord, 'rosterVersion' | 'mamLastStanzaId' | 'createdAt'>>;

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
}

const COLUMNS = `id, jid, password, host, port, tls_mode, pinned_fingerprint256, pinned_cert_pem,
  enabled, resource, presence_show, presence_status, roster_version, mam_last_stanza_id,
  created_at`;
const VALUES = `@id, @jid, @password, @host, @port, @tls_mode, @pinned_fingerprint256,
  @pinned_cert_pem, @enabled, @resource, @presence_show, @presence_status, @roster_version,
  @mam_last_stanza_id, @created_at`;

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

  constructor(db: Database.Database) {
    this.#list = db.prepare<[], AccountRow>(
      `SELECT ${COLUMNS} FROM accounts ORDER BY created_at, id`,
    );
    this.#get = db.prepare<[string], AccountRow>(`SELECT ${COLUMNS} FROM accounts WHERE id = ?`);
    this.#insert = db.prepare<AccountRow>(`INSERT INTO accounts (${COLUMNS}) VALUES (${VALUES})`);
    // Updates write the whole row (read, merge, write): one cached statement for any patch shape.
    this.#update = db.prepare<AccountRow>(
      `UPDATE accounts SET jid = @jid, password = @password, host = @host, port = @port,
         tls_mode = @tls_mode, pinned_fingerprint256 = @pinned_fingerprint256,
         pinned_cert_pem = @pinned_cert_pem, enabled = @enabled, resource = @resource,
         presence_show = @presence_show, presence_status = @presence_status,
         roster_version = @roster_version, mam_last_stanza_id = @mam_last_stanza_id
       WHERE id = @id`,
    );
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

  /** Oldest first, the order the user added them in. */
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
