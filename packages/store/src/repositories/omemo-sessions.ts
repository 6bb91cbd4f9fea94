import type Database from 'better-sqlite3-multiple-ciphers';
import type { OmemoVersion } from '@parley/contract';
import { checkDeviceId, checkMaxBytes, checkVersion, fromBlob } from './omemo-checks.js';

export interface OmemoSessionRecord {
  /** Opaque to the store: the version's own serialisation of the ratchet state. */
  record: Uint8Array;
  updatedAt: number;
}

/**
 * A session record's largest size. A trimmed legacy record stays under 16 KB; an untrimmed one
 * grew to 106 KB after 1,000 direction changes (OMEMO.md §2.2): beyond this something is wrong.
 */
export const MAX_SESSION_BYTES = 128 * 1024;
/** Sessions per contact and version; beyond it the one used longest ago goes. */
export const MAX_SESSIONS_PER_JID = 200;
/** Ratchet keys remembered per device for the heartbeat rule (only the newest matter). */
export const MAX_HEARTBEATS_PER_DEVICE = 8;

type Key = [accountId: string, jid: string, namespace: OmemoVersion];
type DeviceKey = [...Key, deviceId: number];
const WHERE = `account_id = ? AND jid = ? AND namespace = ?`;
const WHERE_DEVICE = `${WHERE} AND device_id = ?`;

/**
 * Ratchet sessions per (jid, version, device) and the heartbeats already sent. Every write is
 * one statement or its own savepoint, so the backend can stage them into the transaction that
 * stores the decrypted message: a rollback takes the ratchet step back with the message.
 * Sessions and heartbeats go with our identity (they are bound to its key).
 * `jid` is a bare JID as the backend normalised it (@xmpp/jid); the store compares it as text.
 */
export class OmemoSessionsRepository {
  readonly #db: Database.Database;
  readonly #get;
  readonly #put;
  readonly #delete;
  readonly #deleteAll;
  readonly #devices;
  readonly #count;
  readonly #evict;
  readonly #insertHeartbeat;
  readonly #hasHeartbeat;
  readonly #trimHeartbeats;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#get = db.prepare<DeviceKey, { record: Buffer; updated_at: number }>(
      `SELECT record, updated_at FROM omemo_sessions WHERE ${WHERE_DEVICE}`,
    );
    this.#put = db.prepare<[...DeviceKey, Buffer, number]>(
      `INSERT INTO omemo_sessions (account_id, jid, namespace, device_id, record, updated_at)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (account_id, jid, namespace, device_id)
       DO UPDATE SET record = excluded.record, updated_at = excluded.updated_at`,
    );
    this.#delete = db.prepare<DeviceKey>(`DELETE FROM omemo_sessions WHERE ${WHERE_DEVICE}`);
    this.#deleteAll = db.prepare<[string, string]>(
      `DELETE FROM omemo_sessions WHERE account_id = ? AND jid = ?`,
    );
    this.#devices = db
      .prepare<Key, number>(
        `SELECT device_id FROM omemo_sessions WHERE ${WHERE} ORDER BY device_id`,
      )
      .pluck();
    this.#count = db
      .prepare<Key, number>(`SELECT count(*) FROM omemo_sessions WHERE ${WHERE}`)
      .pluck();
    this.#evict = db.prepare<[...Key, number, ...Key]>(
      `DELETE FROM omemo_sessions WHERE rowid IN (SELECT rowid FROM omemo_sessions WHERE ${WHERE}
         ORDER BY updated_at, device_id LIMIT ?) AND ${WHERE}`,
    );
    this.#insertHeartbeat = db.prepare<[...DeviceKey, Buffer, number]>(
      `INSERT OR IGNORE INTO omemo_heartbeats (account_id, jid, namespace, device_id,
         ratchet_key, at) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.#hasHeartbeat = db
      .prepare<[...DeviceKey, Buffer], number>(
        `SELECT count(*) FROM omemo_heartbeats WHERE ${WHERE_DEVICE} AND ratchet_key = ?`,
      )
      .pluck();
    this.#trimHeartbeats = db.prepare<[...DeviceKey, ...DeviceKey, number]>(
      `DELETE FROM omemo_heartbeats WHERE ${WHERE_DEVICE} AND ratchet_key NOT IN (
         SELECT ratchet_key FROM omemo_heartbeats WHERE ${WHERE_DEVICE}
         ORDER BY at DESC, ratchet_key LIMIT ?)`,
    );
  }

  get(
    accountId: string,
    jid: string,
    namespace: OmemoVersion,
    deviceId: number,
  ): OmemoSessionRecord | null {
    const row = this.#get.get(accountId, jid, namespace, deviceId);
    return row ? { record: fromBlob(row.record), updatedAt: row.updated_at } : null;
  }

  /**
   * Stores (or replaces) the session with a device.
   * @throws RangeError for an empty record or one over MAX_SESSION_BYTES (nothing is written)
   * @throws SqliteError (FOREIGN KEY) when the account has no OMEMO identity
   */
  put(
    accountId: string,
    jid: string,
    namespace: OmemoVersion,
    deviceId: number,
    record: Uint8Array,
    now: number,
  ): void {
    checkVersion(namespace);
    checkDeviceId(deviceId);
    const bytes = checkMaxBytes('a session record', record, MAX_SESSION_BYTES);
    this.#db.transaction(() => {
      this.#put.run(accountId, jid, namespace, deviceId, bytes, now);
      const over = (this.#count.get(accountId, jid, namespace) ?? 0) - MAX_SESSIONS_PER_JID;
      if (over > 0) this.#evict.run(accountId, jid, namespace, over, accountId, jid, namespace);
    })();
  }

  /** Drops the session with a device ("reset session"); false if there was none. */
  delete(accountId: string, jid: string, namespace: OmemoVersion, deviceId: number): boolean {
    return this.#delete.run(accountId, jid, namespace, deviceId).changes > 0;
  }

  /** Drops every session with a contact, both versions; how many. */
  deleteAll(accountId: string, jid: string): number {
    return this.#deleteAll.run(accountId, jid).changes;
  }

  /** The devices of `jid` we have a session with, by id. */
  deviceIds(accountId: string, jid: string, namespace: OmemoVersion): number[] {
    return this.#devices.all(accountId, jid, namespace);
  }

  /**
   * Records that we answered this peer ratchet key with a heartbeat. True if it is new (send
   * one), false if we already did. Keeps the newest MAX_HEARTBEATS_PER_DEVICE per device.
   */
  noteHeartbeat(
    accountId: string,
    jid: string,
    namespace: OmemoVersion,
    deviceId: number,
    ratchetKey: Uint8Array,
    now: number,
  ): boolean {
    checkVersion(namespace);
    checkDeviceId(deviceId);
    if (!(ratchetKey instanceof Uint8Array) || ratchetKey.length < 32 || ratchetKey.length > 33) {
      throw new RangeError('a ratchet key is 32 bytes (33 with the legacy 0x05 prefix)');
    }
    const key = Buffer.from(ratchetKey);
    const device: DeviceKey = [accountId, jid, namespace, deviceId];
    return this.#db.transaction(() => {
      if (this.#insertHeartbeat.run(...device, key, now).changes === 0) return false;
      this.#trimHeartbeats.run(...device, ...device, MAX_HEARTBEATS_PER_DEVICE);
      return true;
    })();
  }

  hasHeartbeat(
    accountId: string,
    jid: string,
    namespace: OmemoVersion,
    deviceId: number,
    ratchetKey: Uint8Array,
  ): boolean {
    return (
      (this.#hasHeartbeat.get(accountId, jid, namespace, deviceId, Buffer.from(ratchetKey)) ?? 0) >
      0
    );
  }
}
