import type Database from 'better-sqlite3-multiple-ciphers';
import type { OmemoVersion } from '@parley/contract';
import { StoreError } from '../errors.js';
import { checkBytes, checkVersion, fromBlob } from './omemo-checks.js';

/** A key pair as X25519 raw bytes (32 each); the legacy adapter adds the 0x05 prefix itself. */
export interface OmemoKeyPair {
  priv: Uint8Array;
  pub: Uint8Array;
}

export interface OmemoPrekeyRecord extends OmemoKeyPair {
  id: number;
  createdAt: number;
  /** When a message used it; null while it is published. */
  consumedAt: number | null;
}

export interface OmemoSignedPrekeyRecord extends OmemoKeyPair {
  id: number;
  /** 64 bytes: XEdDSA (legacy) or Ed25519 (OMEMO 2) over the public key. */
  signature: Uint8Array;
  createdAt: number;
  /** When a newer one replaced it; null for the current one. */
  retiredAt: number | null;
}

/** Published prekeys per version at most (XEP-0384 asks for at least 25, clients use 100). */
export const MAX_PUBLISHED_PREKEYS = 200;
/** Prekeys per version in all, consumed ones waiting for the end of catch-up included. */
export const MAX_STORED_PREKEYS = 2_000;
/** Ids stay in the range every peer's parser takes. */
const MAX_KEY_ID = 2 ** 31 - 1;

interface PrekeyRow {
  prekey_id: number;
  priv: Buffer;
  pub: Buffer;
  created_at: number;
  consumed_at: number | null;
}

interface SignedRow {
  spk_id: number;
  priv: Buffer;
  pub: Buffer;
  signature: Buffer;
  created_at: number;
  retired_at: number | null;
}

const prekeyFromRow = (r: PrekeyRow): OmemoPrekeyRecord => ({
  id: r.prekey_id,
  priv: fromBlob(r.priv),
  pub: fromBlob(r.pub),
  createdAt: r.created_at,
  consumedAt: r.consumed_at,
});

const signedFromRow = (r: SignedRow): OmemoSignedPrekeyRecord => ({
  id: r.spk_id,
  priv: fromBlob(r.priv),
  pub: fromBlob(r.pub),
  signature: fromBlob(r.signature),
  createdAt: r.created_at,
  retiredAt: r.retired_at,
});

type Key = [accountId: string, namespace: OmemoVersion];

/**
 * Our one-time prekeys and signed prekeys, per version. Ids come from the identity's counters,
 * which only rise: an id a peer may still hold never names another key (profanity PR #2137).
 * A consumed prekey stays readable until `deleteConsumed` (after the archive catch-up: a second
 * sender may have used it too); a retired signed prekey until `pruneRetired`.
 */
export class OmemoPrekeysRepository {
  readonly #db: Database.Database;
  readonly #counters;
  readonly #bumpPrekey;
  readonly #bumpSigned;
  readonly #insertPrekey;
  readonly #getPrekey;
  readonly #published;
  readonly #countPublished;
  readonly #countAll;
  readonly #consume;
  readonly #deleteConsumed;
  readonly #insertSigned;
  readonly #retireSigned;
  readonly #getSigned;
  readonly #currentSigned;
  readonly #pruneRetired;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#counters = db.prepare<
      [string],
      { next_prekey_id: number; next_signed_prekey_id: number }
    >(`SELECT next_prekey_id, next_signed_prekey_id FROM omemo_identity WHERE account_id = ?`);
    this.#bumpPrekey = db.prepare<[number, string]>(
      `UPDATE omemo_identity SET next_prekey_id = ? WHERE account_id = ?`,
    );
    this.#bumpSigned = db.prepare<[number, string]>(
      `UPDATE omemo_identity SET next_signed_prekey_id = ? WHERE account_id = ?`,
    );
    this.#insertPrekey = db.prepare<[string, OmemoVersion, number, Buffer, Buffer, number]>(
      `INSERT INTO omemo_prekeys (account_id, namespace, prekey_id, priv, pub, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.#getPrekey = db.prepare<[...Key, number], PrekeyRow>(
      `SELECT * FROM omemo_prekeys WHERE account_id = ? AND namespace = ? AND prekey_id = ?`,
    );
    this.#published = db.prepare<Key, PrekeyRow>(
      `SELECT * FROM omemo_prekeys WHERE account_id = ? AND namespace = ? AND consumed_at IS NULL
       ORDER BY prekey_id`,
    );
    this.#countPublished = db
      .prepare<Key, number>(
        `SELECT count(*) FROM omemo_prekeys
         WHERE account_id = ? AND namespace = ? AND consumed_at IS NULL`,
      )
      .pluck();
    this.#countAll = db
      .prepare<Key, number>(
        `SELECT count(*) FROM omemo_prekeys WHERE account_id = ? AND namespace = ?`,
      )
      .pluck();
    this.#consume = db.prepare<[number, ...Key, number]>(
      `UPDATE omemo_prekeys SET consumed_at = ?
       WHERE account_id = ? AND namespace = ? AND prekey_id = ? AND consumed_at IS NULL`,
    );
    this.#deleteConsumed = db.prepare<[string]>(
      `DELETE FROM omemo_prekeys WHERE account_id = ? AND consumed_at IS NOT NULL`,
    );
    this.#insertSigned = db.prepare<[string, OmemoVersion, number, Buffer, Buffer, Buffer, number]>(
      `INSERT INTO omemo_signed_prekeys (account_id, namespace, spk_id, priv, pub, signature,
         created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#retireSigned = db.prepare<[number, ...Key]>(
      `UPDATE omemo_signed_prekeys SET retired_at = ?
       WHERE account_id = ? AND namespace = ? AND retired_at IS NULL`,
    );
    this.#getSigned = db.prepare<[...Key, number], SignedRow>(
      `SELECT * FROM omemo_signed_prekeys WHERE account_id = ? AND namespace = ? AND spk_id = ?`,
    );
    this.#currentSigned = db.prepare<Key, SignedRow>(
      `SELECT * FROM omemo_signed_prekeys
       WHERE account_id = ? AND namespace = ? AND retired_at IS NULL`,
    );
    this.#pruneRetired = db.prepare<[string, number]>(
      `DELETE FROM omemo_signed_prekeys WHERE account_id = ? AND retired_at <= ?`,
    );
  }

  /**
   * Stores fresh prekeys under new ids and returns them (ids rising).
   * @throws StoreError when the account has no identity yet, or the ids are used up
   * @throws RangeError for a key that is not 32 bytes, or more than the bounds allow
   */
  add(
    accountId: string,
    namespace: OmemoVersion,
    keys: readonly OmemoKeyPair[],
    now: number,
  ): OmemoPrekeyRecord[] {
    checkVersion(namespace);
    const rows = keys.map((k, i) => ({
      priv: checkBytes(`prekey ${i}'s private key`, k.priv, 32),
      pub: checkBytes(`prekey ${i}'s public key`, k.pub, 32),
    }));
    return this.#db.transaction(() => {
      const published = this.#countPublished.get(accountId, namespace) ?? 0;
      const stored = this.#countAll.get(accountId, namespace) ?? 0;
      if (published + rows.length > MAX_PUBLISHED_PREKEYS) {
        throw new RangeError(
          `at most ${MAX_PUBLISHED_PREKEYS} published prekeys; ${published} are, ${rows.length} more asked`,
        );
      }
      if (stored + rows.length > MAX_STORED_PREKEYS) {
        throw new RangeError(
          `at most ${MAX_STORED_PREKEYS} prekeys stored; delete the consumed ones after catch-up`,
        );
      }
      const first = this.#counters.get(accountId)?.next_prekey_id;
      if (first === undefined) throw new StoreError(`account ${accountId} has no OMEMO identity`);
      if (first + rows.length - 1 > MAX_KEY_ID) {
        throw new StoreError(`account ${accountId} has used up its prekey ids`);
      }
      rows.forEach((r, i) =>
        this.#insertPrekey.run(accountId, namespace, first + i, r.priv, r.pub, now),
      );
      this.#bumpPrekey.run(first + rows.length, accountId);
      return rows.map((r, i) => ({
        id: first + i,
        priv: new Uint8Array(r.priv),
        pub: new Uint8Array(r.pub),
        createdAt: now,
        consumedAt: null,
      }));
    })();
  }

  /** A prekey by id, consumed or not (catch-up may meet a second message that used it). */
  get(accountId: string, namespace: OmemoVersion, id: number): OmemoPrekeyRecord | null {
    const row = this.#getPrekey.get(accountId, namespace, id);
    return row ? prekeyFromRow(row) : null;
  }

  /** The prekeys the bundle publishes (not consumed), by id. */
  published(accountId: string, namespace: OmemoVersion): OmemoPrekeyRecord[] {
    return this.#published.all(accountId, namespace).map(prekeyFromRow);
  }

  countPublished(accountId: string, namespace: OmemoVersion): number {
    return this.#countPublished.get(accountId, namespace) ?? 0;
  }

  /** Takes a prekey off the bundle (a message used it); false if unknown or consumed already. */
  markConsumed(accountId: string, namespace: OmemoVersion, id: number, now: number): boolean {
    return this.#consume.run(now, accountId, namespace, id).changes > 0;
  }

  /** Deletes the consumed prekeys of both versions (the catch-up has ended); how many. */
  deleteConsumed(accountId: string): number {
    return this.#deleteConsumed.run(accountId).changes;
  }

  /**
   * Makes a new signed prekey the current one and retires the previous current one (kept for
   * late prekey messages until `pruneRetired`). Returns it with its new id.
   * @throws StoreError when the account has no identity yet
   */
  rotateSigned(
    accountId: string,
    namespace: OmemoVersion,
    key: OmemoKeyPair & { signature: Uint8Array },
    now: number,
  ): OmemoSignedPrekeyRecord {
    checkVersion(namespace);
    const priv = checkBytes('the signed prekey', key.priv, 32);
    const pub = checkBytes('the signed prekey public key', key.pub, 32);
    const signature = checkBytes('the signed prekey signature', key.signature, 64);
    return this.#db.transaction(() => {
      const id = this.#counters.get(accountId)?.next_signed_prekey_id;
      if (id === undefined) throw new StoreError(`account ${accountId} has no OMEMO identity`);
      if (id > MAX_KEY_ID) throw new StoreError(`account ${accountId} used up its prekey ids`);
      this.#retireSigned.run(now, accountId, namespace);
      this.#insertSigned.run(accountId, namespace, id, priv, pub, signature, now);
      this.#bumpSigned.run(id + 1, accountId);
      return signedFromRow(this.#getSigned.get(accountId, namespace, id)!);
    })();
  }

  /** The signed prekey the bundle publishes; null before the first rotation. */
  currentSigned(accountId: string, namespace: OmemoVersion): OmemoSignedPrekeyRecord | null {
    const row = this.#currentSigned.get(accountId, namespace);
    return row ? signedFromRow(row) : null;
  }

  /** A signed prekey by id, current or retired. */
  getSigned(
    accountId: string,
    namespace: OmemoVersion,
    id: number,
  ): OmemoSignedPrekeyRecord | null {
    const row = this.#getSigned.get(accountId, namespace, id);
    return row ? signedFromRow(row) : null;
  }

  /** Deletes signed prekeys retired at or before `retiredBefore` (now − one rotation period). */
  pruneRetired(accountId: string, retiredBefore: number): number {
    return this.#pruneRetired.run(accountId, retiredBefore).changes;
  }
}
