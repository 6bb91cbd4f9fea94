/**
 * Other people's OMEMO devices (and our own account's list): device-list notifications and
 * fetches kept in `omemo-devices`, bundles fetched and validated on demand. A bad bundle marks
 * its device broken with the reason; it never throws at the caller.
 */
import { validateBundle as validateLegacyBundle, type LegacyBundle } from '@parley/omemo';
import { validateBundle as validateV2Bundle, type BundleV2 } from '@parley/omemo/v2';
import {
  fetchBundle,
  fetchDeviceList,
  type IqSender,
  type OmemoBundle,
  type OmemoDevice,
  type OmemoVersion,
} from '@parley/xmpp';
import type { AccountScope } from '../account-scope.js';
import { STORED, VERSIONS } from './own-keys.js';

/** A fetched list is trusted this long; notifications keep it current meanwhile. */
export const DEVICE_LIST_FRESH_MS = 24 * 60 * 60 * 1000;
/** JIDs whose fetch time is remembered (the oldest are forgotten: fetched again if asked). */
const MAX_TRACKED_JIDS = 1_000;

export type FetchedBundle =
  { version: 'legacy'; bundle: LegacyBundle } | { version: 'v2'; bundle: BundleV2 };

export class DeviceDirectory {
  /** When each JID's lists were last fetched or notified; insertion order is age. */
  private readonly fresh = new Map<string, number>();
  /** Removes the changed-key listener from the shared store (the account is gone). */
  private readonly detach: () => void;

  constructor(
    private readonly scope: AccountScope,
    private readonly now: () => number = Date.now,
  ) {
    // A device showing another key than the pinned one (seen by a send or a receive): the
    // user has to decide, so the renderer raises the alert. The runtime lives as long as the
    // account; its store rows (and so its alerts) go with it.
    this.detach = scope.store.omemoTrust.onKeyChange((change) => {
      if (change.accountId !== scope.accountId) return;
      const { jid, deviceId } = change;
      scope.bus.emit('omemo.key.changed', {
        accountId: scope.accountId,
        jid,
        deviceId,
        pinnedFingerprint: hex(change.pinnedKey),
        newFingerprint: hex(change.newKey),
      });
      scope.bus.emit('omemo.devices.changed', { accountId: scope.accountId, jid });
    });
  }

  /** The account is removed: its alerts stop (the store outlives it). */
  dispose(): void {
    this.detach();
  }

  /**
   * Records a device list (a notification's or a fetch's) for `jid`; bounded in the store.
   * Devices of a contact we knew devices of already, on neither list before, are announced as
   * new (the first list of a contact is not news).
   */
  apply(jid: string, version: OmemoVersion, devices: readonly OmemoDevice[]): void {
    const { store, accountId, bus } = this.scope;
    const known = new Set(
      VERSIONS.flatMap((v) => store.omemoDevices.list(accountId, jid, STORED[v])).map(
        (d) => d.deviceId,
      ),
    );
    // Labels are shown only after their signature checks out against the bundle: not yet.
    const listed = devices.map((d) => ({ deviceId: d.id }));
    const change = store.omemoDevices.applyList(
      accountId,
      jid,
      STORED[version],
      listed,
      this.now(),
    );
    this.touch(jid);
    if (change.added.length === 0 && change.deactivated.length === 0) return;
    bus.emit('omemo.devices.changed', { accountId, jid });
    const ownId = jid === this.scope.ownJid ? store.omemoIdentity.get(accountId)?.deviceId : null;
    const fresh = change.added.filter((id) => !known.has(id) && id !== ownId);
    if (known.size > 0 && fresh.length > 0) {
      bus.emit('omemo.devices.new', { accountId, jid, version: STORED[version], deviceIds: fresh });
    }
  }

  /**
   * The active device ids of `jid` per version, fetching both lists first when we have none
   * or they are older than DEVICE_LIST_FRESH_MS.
   */
  async devicesOf(send: IqSender, jid: string): Promise<Record<OmemoVersion, number[]>> {
    const seen = this.fresh.get(jid);
    if (seen === undefined || this.now() - seen > DEVICE_LIST_FRESH_MS) {
      for (const version of VERSIONS)
        this.apply(jid, version, await fetchDeviceList(send, jid, version));
    }
    const { store, accountId } = this.scope;
    const active = (version: OmemoVersion) =>
      store.omemoDevices
        .list(accountId, jid, STORED[version])
        .filter((d) => d.active)
        .map((d) => d.deviceId);
    return { legacy: active('legacy'), v2: active('v2') };
  }

  /**
   * One device's bundle, validated (signature included), or null when it is missing or bad:
   * then the device carries the reason (`bundleError`) and is skipped by the sender.
   */
  async bundleOf(
    send: IqSender,
    jid: string,
    deviceId: number,
    version: OmemoVersion,
  ): Promise<FetchedBundle | null> {
    const fetched = await fetchBundle(send, jid, deviceId, version);
    const result = 'rejected' in fetched ? fetched.rejected : validated(fetched, version);
    const { store, accountId } = this.scope;
    const error = typeof result === 'string' ? result : null;
    store.omemoDevices.setBundleError(accountId, jid, STORED[version], deviceId, error);
    return typeof result === 'string' ? null : result;
  }

  private touch(jid: string): void {
    this.fresh.delete(jid);
    this.fresh.set(jid, this.now());
    if (this.fresh.size > MAX_TRACKED_JIDS) {
      this.fresh.delete(this.fresh.keys().next().value!);
    }
  }
}

function hex(key: Uint8Array): string {
  return Buffer.from(key).toString('hex');
}

/** The bundle in packages/omemo's form once every field checked out; else why not. */
function validated(wire: OmemoBundle, version: OmemoVersion): FetchedBundle | string {
  try {
    if (version === 'legacy') {
      const bundle = validateLegacyBundle({
        identityKey: wire.identityKey,
        signedPreKey: {
          id: wire.signedPreKey.id,
          publicKey: wire.signedPreKey.key,
          signature: wire.signedPreKey.signature,
        },
        preKeys: wire.preKeys.map((p) => ({ id: p.id, publicKey: p.key })),
      });
      return { version, bundle };
    }
    const bundle: BundleV2 = {
      spkId: wire.signedPreKey.id,
      spk: wire.signedPreKey.key,
      spkSig: wire.signedPreKey.signature,
      ik: wire.identityKey,
      preKeys: wire.preKeys.map((p) => ({ id: p.id, pub: p.key })),
    };
    validateV2Bundle(bundle);
    return { version, bundle };
  } catch (error) {
    return `bad bundle: ${error instanceof Error ? error.message : String(error)}`;
  }
}
