import type Database from 'better-sqlite3-multiple-ciphers';
import { StoreConflictError, isSqliteError } from '../errors.js';
import { checkBytes, checkDeviceId, fromBlob } from './omemo-checks.js';

/** Our own OMEMO device on one account. */
export interface OmemoIdentityRecord {
  accountId: string;
  deviceId: number;
  /** The 32-byte Ed25519 seed both versions derive their identity keys from. */
  seed: Uint8Array;
  /** The next prekey id to give out (ids are never reused). */
  nextPrekeyId: number;
  /** The next signed-prekey id to give out. */
  nextSignedPrekeyId: number;
  createdAt: number;
}

export interface NewOmemoIdentity {
  deviceId: number;
  seed: Uint8Array;
}

interface Row {
  account_id: string;
  device_id: number;
  seed: Buffer;
  next_prekey_id: number;
  next_signed_prekey_id: number;
  created_at: number;
}

function fromRow(r: Row): OmemoIdentityRecord {
  return {
    accountId: r.account_id,
    deviceId: r.device_id,
    seed: fromBlob(r.seed),
    nextPrekeyId: r.next_prekey_id,
    nextSignedPrekeyId: r.next_signed_prekey_id,
    createdAt: r.created_at,
  };
}

/**
 * The account's own OMEMO identity. Deleting it ("reset OMEMO") takes our prekeys, signed
 * prekeys, sessions and heartbeats with it (they are bound to this key); what we know about
 * other people's devices and their trust stays.
 */
export class OmemoIdentityRepository {
  readonly #get;
  readonly #insert;
  readonly #setDeviceId;
  readonly #delete;

  constructor(db: Database.Database) {
    this.#get = db.prepare<[string], Row>(`SELECT * FROM omemo_identity WHERE account_id = ?`);
    this.#insert = db.prepare<[string, number, Buffer, number]>(
      `INSERT INTO omemo_identity (account_id, device_id, seed, next_prekey_id,
         next_signed_prekey_id, created_at) VALUES (?, ?, ?, 1, 1, ?)`,
    );
    this.#setDeviceId = db.prepare<[number, string]>(
      `UPDATE omemo_identity SET device_id = ? WHERE account_id = ?`,
    );
    this.#delete = db.prepare<[string]>(`DELETE FROM omemo_identity WHERE account_id = ?`);
  }

  get(accountId: string): OmemoIdentityRecord | null {
    const row = this.#get.get(accountId);
    return row ? fromRow(row) : null;
  }

  /**
   * Stores a new identity.
   * @throws StoreConflictError when the account already has one (never replaced silently:
   *   peers pinned its key)
   * @throws RangeError for a seed that is not 32 bytes or a device id outside 1..2^31-1
   */
  create(accountId: string, identity: NewOmemoIdentity, now: number): OmemoIdentityRecord {
    const seed = checkBytes('the identity seed', identity.seed, 32);
    const deviceId = checkDeviceId(identity.deviceId);
    try {
      this.#insert.run(accountId, deviceId, seed, now);
    } catch (err) {
      if (isSqliteError(err, 'SQLITE_CONSTRAINT_PRIMARYKEY')) {
        throw new StoreConflictError(`account ${accountId} already has an OMEMO identity`);
      }
      throw err;
    }
    return this.get(accountId)!;
  }

  /** A new device id (ours collided with another device of the account); false if none. */
  setDeviceId(accountId: string, deviceId: number): boolean {
    return this.#setDeviceId.run(checkDeviceId(deviceId), accountId).changes > 0;
  }

  /** Forgets our identity and everything bound to it; false if there was none. */
  delete(accountId: string): boolean {
    return this.#delete.run(accountId).changes > 0;
  }
}
