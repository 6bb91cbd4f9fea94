/**
 * One account's OMEMO device, both versions: its identity and keys (created on first use), what
 * it publishes on every fresh session, its upkeep (prekeys refilled, signed prekey rotated), the
 * archive catch-up that postpones deleting used prekeys, and the devices of others.
 * Publishing happens only while the `omemo` setting is on: a published device makes
 * peers encrypt to us.
 */
import {
  buildDeviceListPublish,
  fetchDeviceList,
  mergeOwnDevice,
  NS_PUBSUB_EVENT,
  ownListToRepublish,
  parseDeviceListNotification,
  publishOwnBundle,
  publishWithOptions,
  type IncomingMessage,
  type IqSender,
  type OmemoDevice,
  type OmemoVersion,
  type Session,
} from '@parley/xmpp';
import type { OmemoIdentityRecord } from '@parley/store';
import type { AccountScope } from '../account-scope.js';
import type { StanzaRouter } from '../stanza-router.js';
import { CryptoLock } from './crypto-lock.js';
import { DeviceDirectory } from './device-directory.js';
import { StoreLegacyStorage } from './legacy-storage.js';
import { SessionReset, type ResetTarget } from './omemo-session-reset.js';
import {
  ensureIdentity,
  ownBundle,
  refillPreKeys,
  rotateSignedPreKeysIfDue,
  VERSIONS,
} from './own-keys.js';
import { StoreV2State } from './v2-state.js';
import { warnOmemo } from './omemo-warning.js';

/** Before the bookmarks (same PEP event namespace): device lists are ours to consume. */
const PRIORITY_DEVICE_LISTS = 85;

export class OmemoAccount {
  readonly devices: DeviceDirectory;
  readonly legacyStorage: StoreLegacyStorage;
  readonly v2State: StoreV2State;
  /** Held by whatever reads and advances a session: decryption, encryption, key transports. */
  readonly lock = new CryptoLock();
  /** An archive catch-up is running: used prekeys stay until it ends. */
  private syncing = false;
  /** A prekey was used during the catch-up: delete, refill and republish when it ends. */
  private republishOwed = false;
  private readonly catchUpEnded: Array<() => void> = [];
  /** Publishes run one after another (our lists are read-modify-write). */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly scope: AccountScope,
    private readonly now: () => number = Date.now,
  ) {
    this.devices = new DeviceDirectory(scope, now);
    this.legacyStorage = new StoreLegacyStorage(scope.store, scope.accountId, now);
    this.v2State = new StoreV2State(scope.store, scope.accountId, now);
  }

  get enabled(): boolean {
    return this.scope.store.settings.get('omemo', null);
  }

  /** Our identity, created with its keys on first use (device id not in `taken`). */
  identity(taken: Iterable<number> = []): OmemoIdentityRecord {
    return ensureIdentity(this.scope.store, this.scope.accountId, taken, this.now()).identity;
  }

  register(router: StanzaRouter): void {
    router.register({
      name: 'omemo-device-lists',
      kind: 'message',
      namespace: NS_PUBSUB_EVENT,
      priority: PRIORITY_DEVICE_LISTS,
      handle: (session, message: IncomingMessage) => this.onNotification(session, message),
    });
  }

  /**
   * How often a session that stays up checks whether the signed prekey is due for its weekly
   * rotation (otherwise it rotates only when something publishes: a login, a used prekey).
   */
  upkeepMs = 6 * 60 * 60 * 1000;
  private upkeep: ReturnType<typeof setInterval> | null = null;

  /** A fresh session (not a resume): publish our device and bundles, both versions. */
  onFreshSession(session: Session): Promise<void> {
    this.startUpkeep(session);
    if (!this.enabled) return Promise.resolve();
    return this.enqueue(() => this.publishAll(session));
  }

  /** Offline for good: no more upkeep until the next fresh session. */
  stop(): void {
    if (this.upkeep) clearInterval(this.upkeep);
    this.upkeep = null;
  }

  /** The account is removed: nothing of it keeps running or listening. */
  dispose(): void {
    this.stop();
    this.devices.dispose();
  }

  /** While `session` is the account's: rotate the signed prekey when due, and republish. */
  private startUpkeep(session: Session): void {
    this.stop();
    this.upkeep = setInterval(() => {
      if (!this.enabled) return;
      try {
        const { store, accountId } = this.scope;
        if (!rotateSignedPreKeysIfDue(store, accountId, this.now())) return;
      } catch (error) {
        warnOmemo('signed prekey rotation')(error);
        return;
      }
      void this.enqueue(() => this.publishBundles(session)).catch(() => {});
    }, this.upkeepMs);
    this.upkeep.unref?.();
  }

  /** Whether an archive catch-up runs (key transports and prekey deletion wait for its end). */
  get catchingUp(): boolean {
    return this.syncing;
  }

  /** Runs `listener` each time a catch-up reaches the archive's end. */
  onCatchUpEnd(listener: () => void): void {
    this.catchUpEnded.push(listener);
  }

  /**
   * The user's "reset session" with one device: a new session from its current bundle,
   * announced to it by a key transport (omemo-session-reset.ts).
   * @throws SessionResetError with the reason in words
   */
  resetSession(session: Session, target: ResetTarget): Promise<void> {
    return new SessionReset(this.scope, this, this.now).reset(session, target);
  }

  /** The account's archive catch-up starts: used prekeys stay usable until it ends. */
  beginHistorySync(): void {
    this.syncing = true;
  }

  /**
   * The catch-up reached the archive's end: the postponed key transports leave, the used
   * prekeys are deleted, refilled and republished.
   */
  async endHistorySync(session: Session): Promise<void> {
    this.syncing = false;
    for (const listener of this.catchUpEnded) listener();
    const owed = this.republishOwed;
    this.republishOwed = false;
    const deleted = this.scope.store.omemoPrekeys.deleteConsumed(this.scope.accountId);
    if ((owed || deleted > 0) && this.enabled) {
      await this.enqueue(() => this.publishBundles(session));
    }
  }

  /**
   * A prekey message's writes (the prekey marked consumed) are committed: outside a catch-up,
   * delete it, refill and republish now; during one, when the catch-up ends.
   */
  async preKeysConsumed(session: Session): Promise<void> {
    if (this.syncing) {
      this.republishOwed = true;
      return;
    }
    this.scope.store.omemoPrekeys.deleteConsumed(this.scope.accountId);
    if (this.enabled) await this.enqueue(() => this.publishBundles(session));
  }

  /** Runs `task` after the publishes before it (our lists are read-modify-write). */
  enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task);
    this.queue = run.catch((error: unknown) => {
      warnOmemo('publishing')(error);
    });
    return run;
  }

  private async publishAll(session: Session): Promise<void> {
    const send: IqSender = (iq) => session.iq(iq);
    const own = this.scope.ownJid;
    const lists = new Map<OmemoVersion, OmemoDevice[]>();
    for (const version of VERSIONS) lists.set(version, await fetchDeviceList(send, own, version));
    const taken = [...lists.values()].flatMap((list) => list.map((d) => d.id));
    const identity = this.identity(taken);
    // Bundles first: a peer that sees our device in a list can then fetch its bundle.
    await this.publishBundles(session);
    for (const version of VERSIONS) {
      const merged = mergeOwnDevice(lists.get(version)!, { id: identity.deviceId });
      if (merged.changed)
        await publishWithOptions(send, buildDeviceListPublish(merged.devices, version));
      this.devices.apply(own, version, merged.devices);
    }
  }

  /** Our bundles as the store has them now (prekeys refilled, signed prekey rotated if due). */
  private async publishBundles(session: Session): Promise<void> {
    const { store, accountId } = this.scope;
    const now = this.now();
    rotateSignedPreKeysIfDue(store, accountId, now);
    refillPreKeys(store, accountId, now);
    const { deviceId } = this.identity();
    const send: IqSender = (iq) => session.iq(iq);
    for (const version of VERSIONS) {
      await publishOwnBundle(send, deviceId, ownBundle(store, accountId, version), version);
    }
  }

  /**
   * A device-list notification: a contact's list (from its bare JID only) or our own; our own
   * without our device gets us re-added (another client overwrote it). True when consumed.
   */
  private onNotification(session: Session, message: IncomingMessage): boolean {
    const note = parseDeviceListNotification(message.stanza, this.scope.ownJid);
    if (note === null) return false;
    if ('rejected' in note) return true;
    // PEP notifies only those who share presence: anyone else's list is not kept (memory per
    // remote entity stays bounded by the roster).
    const { store, accountId } = this.scope;
    if (!note.own && !store.contacts.get(accountId, note.jid)) return true;
    this.devices.apply(note.jid, note.version, note.devices);
    const identity = store.omemoIdentity.get(accountId);
    if (!note.own || !identity || !this.enabled) return true;
    const devices = ownListToRepublish(note, { id: identity.deviceId });
    if (devices) {
      const send: IqSender = (iq) => session.iq(iq);
      void this.enqueue(async () => {
        await publishWithOptions(send, buildDeviceListPublish(devices, note.version));
        this.devices.apply(note.jid, note.version, devices);
      }).catch(() => {});
    }
    return true;
  }
}
