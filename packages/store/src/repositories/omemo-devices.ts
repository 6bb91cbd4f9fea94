import type Database from 'better-sqlite3-multiple-ciphers';
import type { OmemoVersion } from '@parley/contract';
import { checkDeviceId, checkText, checkVersion } from './omemo-checks.js';

/** A device of a contact (or of our own account) as its device lists showed it. */
export interface OmemoDeviceRecord {
  jid: string;
  namespace: OmemoVersion;
  deviceId: number;
  /** OMEMO 2's label, stored only once its signature checked out. */
  label: string | null;
  /** Whether the newest device list holds it. */
  active: boolean;
  firstSeenAt: number;
  /** When a device list last held it. */
  lastSeenListAt: number;
  /** When a message from it last arrived. */
  lastMessageAt: number | null;
  /** Why its bundle could not be used (missing, malformed, bad signature); null when fine. */
  bundleError: string | null;
  /** Messages we sent it since it last wrote: many without an answer make it stale. */
  sentUnanswered: number;
}

export interface ListedDevice {
  deviceId: number;
  label?: string | null;
}

export interface ListChange {
  /** Devices this list showed for the first time (a "new device" notice). */
  added: number[];
  /** Devices the list no longer holds (kept, marked inactive). */
  deactivated: number[];
}

/** Devices kept per contact and version; beyond it the inactive ones seen longest ago go. */
export const MAX_DEVICES_PER_JID = 100;
export const MAX_LABEL_CHARS = 200;
export const MAX_BUNDLE_ERROR_CHARS = 500;

interface Row {
  jid: string;
  namespace: OmemoVersion;
  device_id: number;
  label: string | null;
  active: number;
  first_seen_at: number;
  last_seen_list_at: number;
  last_message_at: number | null;
  bundle_error: string | null;
  sent_unanswered: number;
}

const fromRow = (r: Row): OmemoDeviceRecord => ({
  jid: r.jid,
  namespace: r.namespace,
  deviceId: r.device_id,
  label: r.label,
  active: r.active === 1,
  firstSeenAt: r.first_seen_at,
  lastSeenListAt: r.last_seen_list_at,
  lastMessageAt: r.last_message_at,
  bundleError: r.bundle_error,
  sentUnanswered: r.sent_unanswered,
});

type Key = [accountId: string, jid: string, namespace: OmemoVersion];
type DeviceKey = [...Key, deviceId: number];
const WHERE = `account_id = ? AND jid = ? AND namespace = ?`;
const WHERE_DEVICE = `${WHERE} AND device_id = ?`;

/**
 * The device lists of every contact and of our own account, per version. A list replaces which
 * devices are active, never what we know about a device: one that drops out stays (inactive)
 * with its history, so it coming back is not "new". Bounded per contact and version.
 * `jid` is a bare JID as the backend normalised it (@xmpp/jid); the store compares it as text.
 */
export class OmemoDevicesRepository {
  readonly #db: Database.Database;
  readonly #list;
  readonly #get;
  readonly #insert;
  readonly #refresh;
  readonly #deactivate;
  readonly #count;
  readonly #evict;
  readonly #setBundleError;
  readonly #messageFrom;
  readonly #sent;
  readonly #delete;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#list = db.prepare<Key, Row>(
      `SELECT * FROM omemo_devices WHERE ${WHERE} ORDER BY device_id`,
    );
    this.#get = db.prepare<DeviceKey, Row>(`SELECT * FROM omemo_devices WHERE ${WHERE_DEVICE}`);
    this.#insert = db.prepare<[...DeviceKey, string | null, number, number]>(
      `INSERT INTO omemo_devices (account_id, jid, namespace, device_id, label, active,
         first_seen_at, last_seen_list_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)`,
    );
    // A list without a label does not erase one we verified before (legacy lists carry none).
    this.#refresh = db.prepare<[string | null, number, ...DeviceKey]>(
      `UPDATE omemo_devices SET label = coalesce(?, label), active = 1, last_seen_list_at = ?
       WHERE ${WHERE_DEVICE}`,
    );
    this.#deactivate = db.prepare<DeviceKey>(
      `UPDATE omemo_devices SET active = 0 WHERE ${WHERE_DEVICE}`,
    );
    this.#count = db
      .prepare<Key, number>(`SELECT count(*) FROM omemo_devices WHERE ${WHERE}`)
      .pluck();
    this.#evict = db.prepare<[...Key, ...Key, number]>(
      `DELETE FROM omemo_devices WHERE ${WHERE} AND device_id IN (
         SELECT device_id FROM omemo_devices WHERE ${WHERE} AND active = 0
         ORDER BY last_seen_list_at, device_id LIMIT ?)`,
    );
    this.#setBundleError = db.prepare<[string | null, ...DeviceKey]>(
      `UPDATE omemo_devices SET bundle_error = ? WHERE ${WHERE_DEVICE}`,
    );
    this.#messageFrom = db.prepare<[number, ...DeviceKey]>(
      `UPDATE omemo_devices SET last_message_at = max(coalesce(last_message_at, 0), ?),
         sent_unanswered = 0 WHERE ${WHERE_DEVICE}`,
    );
    this.#sent = db.prepare<DeviceKey>(
      `UPDATE omemo_devices SET sent_unanswered = sent_unanswered + 1 WHERE ${WHERE_DEVICE}`,
    );
    this.#delete = db.prepare<DeviceKey>(`DELETE FROM omemo_devices WHERE ${WHERE_DEVICE}`);
  }

  /**
   * Applies a device list just received for `jid`: listed devices become active (new ones are
   * added), the others inactive. Atomic; usable inside the caller's transaction.
   * @throws RangeError for a list longer than MAX_DEVICES_PER_JID or a bad id or label; nothing
   *   is changed then
   */
  applyList(
    accountId: string,
    jid: string,
    namespace: OmemoVersion,
    devices: readonly ListedDevice[],
    now: number,
  ): ListChange {
    checkVersion(namespace);
    if (devices.length > MAX_DEVICES_PER_JID) {
      throw new RangeError(
        `a device list of ${devices.length} devices; at most ${MAX_DEVICES_PER_JID} are kept`,
      );
    }
    const listed = new Map<number, string | null>();
    for (const d of devices) {
      listed.set(checkDeviceId(d.deviceId), checkText('a label', d.label ?? null, MAX_LABEL_CHARS));
    }
    return this.#db.transaction((): ListChange => {
      const known = new Map(this.#list.all(accountId, jid, namespace).map((r) => [r.device_id, r]));
      const change: ListChange = { added: [], deactivated: [] };
      for (const [deviceId, label] of listed) {
        if (known.has(deviceId)) {
          this.#refresh.run(label, now, accountId, jid, namespace, deviceId);
        } else {
          this.#insert.run(accountId, jid, namespace, deviceId, label, now, now);
          change.added.push(deviceId);
        }
      }
      for (const [deviceId, row] of known) {
        if (!listed.has(deviceId) && row.active === 1) {
          this.#deactivate.run(accountId, jid, namespace, deviceId);
          change.deactivated.push(deviceId);
        }
      }
      const over = (this.#count.get(accountId, jid, namespace) ?? 0) - MAX_DEVICES_PER_JID;
      if (over > 0) this.#evict.run(accountId, jid, namespace, accountId, jid, namespace, over);
      return change;
    })();
  }

  list(accountId: string, jid: string, namespace: OmemoVersion): OmemoDeviceRecord[] {
    return this.#list.all(accountId, jid, namespace).map(fromRow);
  }

  get(
    accountId: string,
    jid: string,
    namespace: OmemoVersion,
    deviceId: number,
  ): OmemoDeviceRecord | null {
    const row = this.#get.get(accountId, jid, namespace, deviceId);
    return row ? fromRow(row) : null;
  }

  /** Records why the device's bundle is unusable (null: it works again); false if unknown. */
  setBundleError(
    accountId: string,
    jid: string,
    namespace: OmemoVersion,
    deviceId: number,
    error: string | null,
  ): boolean {
    const text = checkText('a bundle error', error, MAX_BUNDLE_ERROR_CHARS);
    return this.#setBundleError.run(text, accountId, jid, namespace, deviceId).changes > 0;
  }

  /** A message from the device arrived: it is alive, the unanswered count starts over. */
  noteMessageFrom(
    accountId: string,
    jid: string,
    namespace: OmemoVersion,
    deviceId: number,
    at: number,
  ): boolean {
    return this.#messageFrom.run(at, accountId, jid, namespace, deviceId).changes > 0;
  }

  /** We encrypted one more message for each of these devices. */
  noteSent(
    accountId: string,
    jid: string,
    namespace: OmemoVersion,
    deviceIds: readonly number[],
  ): void {
    this.#db.transaction(() => {
      for (const id of deviceIds) this.#sent.run(accountId, jid, namespace, id);
    })();
  }

  /** Forgets a device (e.g. one of ours the user removed); false if unknown. */
  remove(accountId: string, jid: string, namespace: OmemoVersion, deviceId: number): boolean {
    return this.#delete.run(accountId, jid, namespace, deviceId).changes > 0;
  }
}
