import type Database from 'better-sqlite3-multiple-ciphers';
import { omemoTrust, type OmemoTrust } from '@parley/contract';
import {
  NEW_CONTACT,
  contactAfterManual,
  onKeySeen,
  trustAfterKeyAccepted,
  type ContactTrustState,
  type KeySighting,
} from '../omemo-trust-rules.js';
import { checkBytes, checkDeviceId, fromBlob } from './omemo-checks.js';

/** A device's pinned identity key and our trust in it. */
export interface OmemoIdentityKeyRecord {
  jid: string;
  deviceId: number;
  /** The Curve25519 form (32 bytes), the same for both versions; what the fingerprint shows. */
  key: Uint8Array;
  trust: OmemoTrust;
  firstSeenAt: number;
  /** When the trust last changed. */
  trustAt: number;
  /** A different key this device showed later: an alert until the user accepts or rejects it. */
  conflictingKey: Uint8Array | null;
  conflictAt: number | null;
}

/** Identity keys kept per contact; beyond it those of devices no list holds any more go. */
export const MAX_IDENTITIES_PER_JID = 200;

interface Row {
  jid: string;
  device_id: number;
  identity_key: Buffer;
  trust: OmemoTrust;
  first_seen_at: number;
  trust_at: number;
  conflicting_key: Buffer | null;
  conflict_at: number | null;
}

const fromRow = (r: Row): OmemoIdentityKeyRecord => ({
  jid: r.jid,
  deviceId: r.device_id,
  key: fromBlob(r.identity_key),
  trust: r.trust,
  firstSeenAt: r.first_seen_at,
  trustAt: r.trust_at,
  conflictingKey: r.conflicting_key ? fromBlob(r.conflicting_key) : null,
  conflictAt: r.conflict_at,
});

type DeviceKey = [accountId: string, jid: string, deviceId: number];

/** A device showed a key other than its pinned one (reported once per different key). */
export interface KeyChange {
  accountId: string;
  jid: string;
  deviceId: number;
  pinnedKey: Uint8Array;
  newKey: Uint8Array;
}
const WHERE_DEVICE = `account_id = ? AND jid = ? AND device_id = ?`;

/**
 * Pinned identity keys and trust, with Blind Trust Before Verification per contact (the rules
 * are in omemo-trust-rules.ts). The first key seen for a device is pinned; a different one is
 * recorded as a conflict and reported, never written over the pinned key.
 * `jid` is a bare JID as the backend normalised it (@xmpp/jid); the store compares it as text.
 */
export class OmemoTrustRepository {
  readonly #db: Database.Database;
  readonly #get;
  readonly #list;
  readonly #insert;
  readonly #conflict;
  readonly #setTrust;
  readonly #acceptKey;
  readonly #clearConflict;
  readonly #delete;
  readonly #count;
  readonly #evict;
  readonly #contact;
  readonly #setContact;
  readonly #keyChangeListeners = new Set<(change: KeyChange) => void>();

  constructor(db: Database.Database) {
    this.#db = db;
    this.#get = db.prepare<DeviceKey, Row>(`SELECT * FROM omemo_identities WHERE ${WHERE_DEVICE}`);
    this.#list = db.prepare<[string, string], Row>(
      `SELECT * FROM omemo_identities WHERE account_id = ? AND jid = ? ORDER BY device_id`,
    );
    this.#insert = db.prepare<[...DeviceKey, Buffer, OmemoTrust, number, number]>(
      `INSERT INTO omemo_identities (account_id, jid, device_id, identity_key, trust,
         first_seen_at, trust_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#conflict = db.prepare<[Buffer, number, ...DeviceKey]>(
      `UPDATE omemo_identities SET conflicting_key = ?, conflict_at = ? WHERE ${WHERE_DEVICE}`,
    );
    this.#setTrust = db.prepare<[OmemoTrust, number, ...DeviceKey]>(
      `UPDATE omemo_identities SET trust = ?, trust_at = ? WHERE ${WHERE_DEVICE}`,
    );
    this.#acceptKey = db.prepare<[OmemoTrust, number, ...DeviceKey]>(
      `UPDATE omemo_identities SET identity_key = conflicting_key, trust = ?, trust_at = ?,
         conflicting_key = NULL, conflict_at = NULL
       WHERE ${WHERE_DEVICE} AND conflicting_key IS NOT NULL`,
    );
    this.#clearConflict = db.prepare<DeviceKey>(
      `UPDATE omemo_identities SET conflicting_key = NULL, conflict_at = NULL
       WHERE ${WHERE_DEVICE} AND conflicting_key IS NOT NULL`,
    );
    this.#delete = db.prepare<DeviceKey>(`DELETE FROM omemo_identities WHERE ${WHERE_DEVICE}`);
    this.#count = db
      .prepare<[string, string], number>(
        `SELECT count(*) FROM omemo_identities WHERE account_id = ? AND jid = ?`,
      )
      .pluck();
    // Only keys of devices no device list holds, and never a user's decision: those are what
    // a flood of made-up device ids leaves behind.
    this.#evict = db.prepare<{ accountId: string; jid: string; limit: number }>(
      `DELETE FROM omemo_identities WHERE account_id = @accountId AND jid = @jid AND device_id IN (
         SELECT i.device_id FROM omemo_identities i
         WHERE i.account_id = @accountId AND i.jid = @jid AND i.trust IN ('undecided', 'blind')
           AND NOT EXISTS (SELECT 1 FROM omemo_devices d WHERE d.account_id = i.account_id
             AND d.jid = i.jid AND d.device_id = i.device_id AND d.active = 1)
         ORDER BY i.first_seen_at, i.device_id LIMIT @limit)`,
    );
    this.#contact = db
      .prepare<[string, string], number>(
        `SELECT blind_trust FROM omemo_contacts WHERE account_id = ? AND jid = ?`,
      )
      .pluck();
    this.#setContact = db.prepare<[string, string, number]>(
      `INSERT INTO omemo_contacts (account_id, jid, blind_trust) VALUES (?, ?, ?)
       ON CONFLICT (account_id, jid) DO UPDATE SET blind_trust = excluded.blind_trust`,
    );
  }

  /**
   * Records that `deviceId` of `jid` presented `key` and says what that means: a new device
   * (pinned now, with the trust BTBV gives it), a known one, or a changed key (recorded as a
   * conflict; the pinned key and its trust are kept).
   * @throws RangeError for a key that is not 32 bytes, or a contact whose keys are at the bound
   *   with none evictable
   */
  seen(
    accountId: string,
    jid: string,
    deviceId: number,
    key: Uint8Array,
    now: number,
  ): KeySighting {
    const bytes = checkBytes('an identity key', key, 32);
    checkDeviceId(deviceId);
    let change: KeyChange | null = null;
    const sighting = this.#db.transaction((): KeySighting => {
      const row = this.#get.get(accountId, jid, deviceId);
      const pinned = row ? { key: row.identity_key, trust: row.trust } : null;
      const sighting = onKeySeen(pinned, bytes, this.contact(accountId, jid));
      if (sighting.kind === 'new') {
        this.#makeRoom(accountId, jid);
        this.#insert.run(accountId, jid, deviceId, bytes, sighting.trust, now, now);
      } else if (sighting.kind === 'key-changed') {
        this.#conflict.run(bytes, now, accountId, jid, deviceId);
        // Every message of that device shows the key again: the alert is raised once per key.
        const known = row?.conflicting_key ? fromBlob(row.conflicting_key) : null;
        if (!known || Buffer.compare(Buffer.from(known), Buffer.from(bytes)) !== 0) {
          change = {
            accountId,
            jid,
            deviceId,
            pinnedKey: fromBlob(row!.identity_key),
            newKey: new Uint8Array(bytes),
          };
        }
      }
      return sighting;
    })();
    if (change) for (const listener of this.#keyChangeListeners) listener(change);
    return sighting;
  }

  /**
   * Calls `listener` whenever a device shows a new key other than its pinned one (the alert the
   * user must settle); answers the function that stops it.
   */
  onKeyChange(listener: (change: KeyChange) => void): () => void {
    this.#keyChangeListeners.add(listener);
    return () => this.#keyChangeListeners.delete(listener);
  }

  get(accountId: string, jid: string, deviceId: number): OmemoIdentityKeyRecord | null {
    const row = this.#get.get(accountId, jid, deviceId);
    return row ? fromRow(row) : null;
  }

  list(accountId: string, jid: string): OmemoIdentityKeyRecord[] {
    return this.#list.all(accountId, jid).map(fromRow);
  }

  /**
   * The user's decision about a device. Verifying or distrusting any device of a contact ends
   * blind trust for that contact. False if the device is unknown (nothing changes then).
   */
  setTrust(
    accountId: string,
    jid: string,
    deviceId: number,
    trust: OmemoTrust,
    now: number,
  ): boolean {
    if (!omemoTrust.safeParse(trust).success)
      throw new RangeError(`unknown trust ${String(trust)}`);
    return this.#db.transaction(() => {
      if (this.#setTrust.run(trust, now, accountId, jid, deviceId).changes === 0) return false;
      const before = this.contact(accountId, jid);
      const after = contactAfterManual(before, trust);
      if (after.blindTrust !== before.blindTrust) this.#saveContact(accountId, jid, after);
      return true;
    })();
  }

  /**
   * The user accepted a device's changed key: it replaces the pinned one and its trust starts
   * anew (see trustAfterKeyAccepted). False if the device has no changed key.
   */
  acceptChangedKey(accountId: string, jid: string, deviceId: number, now: number): boolean {
    const row = this.#get.get(accountId, jid, deviceId);
    if (!row || row.conflicting_key === null) return false;
    const trust = trustAfterKeyAccepted(row.trust);
    return this.#acceptKey.run(trust, now, accountId, jid, deviceId).changes > 0;
  }

  /** The user rejected a device's changed key: the alert goes, the pinned key stays. */
  rejectChangedKey(accountId: string, jid: string, deviceId: number): boolean {
    return this.#clearConflict.run(accountId, jid, deviceId).changes > 0;
  }

  /** Forgets a device's key and trust (its next key is pinned afresh). */
  forget(accountId: string, jid: string, deviceId: number): boolean {
    return this.#delete.run(accountId, jid, deviceId).changes > 0;
  }

  /** The contact's BTBV state; a contact never seen still has blind trust. */
  contact(accountId: string, jid: string): ContactTrustState {
    const blind = this.#contact.get(accountId, jid);
    return blind === undefined ? NEW_CONTACT : { blindTrust: blind === 1 };
  }

  /** Sets the contact's BTBV state (e.g. the user turns blind trust back on for them). */
  setContact(accountId: string, jid: string, state: ContactTrustState): void {
    this.#saveContact(accountId, jid, state);
  }

  #saveContact(accountId: string, jid: string, state: ContactTrustState): void {
    this.#setContact.run(accountId, jid, state.blindTrust ? 1 : 0);
  }

  #makeRoom(accountId: string, jid: string): void {
    const over = (this.#count.get(accountId, jid) ?? 0) + 1 - MAX_IDENTITIES_PER_JID;
    if (over <= 0) return;
    const evicted = this.#evict.run({ accountId, jid, limit: over }).changes;
    if (evicted < over) {
      throw new RangeError(
        `${jid} has ${MAX_IDENTITIES_PER_JID} identity keys that are all in use or decided`,
      );
    }
  }
}
