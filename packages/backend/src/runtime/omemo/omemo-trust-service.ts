/**
 * The trust dialog's backend (issue 10, OMEMO.md §3.5, §7.4): a JID's devices of both versions
 * with their fingerprints and trust, the user's trust decisions (BTBV rules in the store's
 * omemo-trust-rules.ts), and verification by the `xmpp:` link with `omemo-sid-…` parameters.
 * A changed key is replaced only by a decision that names it (its fingerprint), never silently.
 */
import { deriveIdentity, withoutDjbType } from '@parley/omemo';
import { edwardsToMontgomery } from '@parley/omemo/v2';
import type { OmemoDevice, OmemoTrust, OmemoVersion as StoredVersion } from '@parley/contract';
import type { OmemoDeviceRecord } from '@parley/store';
import type { IqSender } from '@parley/xmpp';
import type { AccountScope } from '../account-scope.js';
import type { OmemoAccount } from './omemo-account.js';
import { STORED, VERSIONS } from './own-keys.js';

/** Bundles fetched per listing at most (the rest show "no key yet" until the next one). */
export const MAX_BUNDLE_FETCHES = 16;
/** Messages sent to a device without a word back before it is shown (and treated) as stale. */
export const STALE_AFTER_UNANSWERED = 50;

export class TrustError extends Error {
  constructor(
    readonly code: 'not-found' | 'conflict' | 'invalid-payload',
    message: string,
  ) {
    super(message);
  }
}

export interface LinkCheck {
  deviceId: number;
  result: 'match' | 'mismatch' | 'unknown-device';
}

interface Checked extends LinkCheck {
  key: 'pinned' | 'changed' | null;
}

export const hex = (key: Uint8Array): string => Buffer.from(key).toString('hex');

export class OmemoTrustService {
  constructor(
    private readonly scope: AccountScope,
    private readonly omemo: OmemoAccount,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The devices of `jid` (a normalised bare JID), both versions. With `send` (online and the
   * omemo setting on) the lists are brought up to date and up to MAX_BUNDLE_FETCHES active
   * devices without a pinned key get their bundle fetched, which pins the key (BTBV decides).
   */
  async list(jid: string, send: IqSender | null): Promise<OmemoDevice[]> {
    if (send) await this.fetchMissingKeys(jid, send);
    return this.rows(jid);
  }

  /** What the store knows of `jid`'s devices, as the dialog shows them. */
  rows(jid: string): OmemoDevice[] {
    const { store, accountId, ownJid } = this.scope;
    const own = jid === ownJid ? store.omemoIdentity.get(accountId) : null;
    const out: OmemoDevice[] = [];
    for (const version of VERSIONS) {
      for (const record of store.omemoDevices.list(accountId, jid, STORED[version])) {
        if (own && record.deviceId === own.deviceId) {
          const fingerprint = hex(deriveIdentity(own.seed).curvePublic);
          out.push({ ...this.row(record), fingerprint, trust: 'verified', current: true });
        } else out.push(this.row(record));
      }
    }
    return out;
  }

  /** One device's row; null when no list ever held it. */
  device(jid: string, version: StoredVersion, deviceId: number): OmemoDevice | null {
    return this.rows(jid).find((d) => d.version === version && d.deviceId === deviceId) ?? null;
  }

  /**
   * The user's decision about a device. `keyFingerprint` is the key they saw: for a device
   * whose key changed it must be the new key (accepting it replaces the pinned one, then the
   * decision applies to it); otherwise, when given, it must be the pinned key.
   */
  setTrust(
    jid: string,
    deviceId: number,
    trust: Exclude<OmemoTrust, 'undecided'>,
    keyFingerprint: string | null,
  ): void {
    const { store, accountId, ownJid, bus } = this.scope;
    if (jid === ownJid && store.omemoIdentity.get(accountId)?.deviceId === deviceId) {
      throw new TrustError('invalid-payload', 'this is the device Parley runs as');
    }
    const pinned = store.omemoTrust.get(accountId, jid, deviceId);
    if (!pinned) {
      throw new TrustError('not-found', `no key of device ${deviceId} is known yet`);
    }
    const now = this.now();
    if (pinned.conflictingKey) {
      if (keyFingerprint !== hex(pinned.conflictingKey)) {
        throw new TrustError(
          'conflict',
          `the key of device ${deviceId} changed: decide about its new fingerprint`,
        );
      }
      store.transaction(() => {
        store.omemoTrust.acceptChangedKey(accountId, jid, deviceId, now);
        store.omemoTrust.setTrust(accountId, jid, deviceId, trust, now);
      });
    } else {
      if (keyFingerprint !== null && keyFingerprint !== hex(pinned.key)) {
        throw new TrustError('conflict', `device ${deviceId} has another key than the one shown`);
      }
      store.omemoTrust.setTrust(accountId, jid, deviceId, trust, now);
    }
    bus.emit('omemo.devices.changed', { accountId, jid });
  }

  /** Fingerprints for a verification link: ours (this device and our verified others) or a contact's usable ones. */
  linkDevices(jid: string): { deviceId: number; fingerprint: string }[] {
    const current = this.rows(jid).filter((d) => d.current);
    const others = this.rows(jid).filter(
      (d) =>
        !d.current &&
        d.active &&
        d.fingerprint !== null &&
        !d.keyChanged &&
        (jid === this.scope.ownJid ? d.trust === 'verified' : d.trust !== 'distrusted'),
    );
    const byId = new Map<number, string>();
    for (const d of [...current, ...others]) byId.set(d.deviceId, d.fingerprint!);
    return [...byId].map(([deviceId, fingerprint]) => ({ deviceId, fingerprint }));
  }

  /**
   * Checks a link's fingerprints against the keys of `jid`'s devices: if none mismatches, the
   * matching devices are verified (a link matching a changed key accepts and verifies it);
   * a single mismatch verifies nothing.
   */
  applyLink(
    jid: string,
    devices: readonly { deviceId: number; fingerprint: string }[],
  ): LinkCheck[] {
    const { store, accountId, bus } = this.scope;
    const checks = devices.map(({ deviceId, fingerprint }) =>
      this.check(jid, deviceId, fingerprint),
    );
    const decided = checks.filter((c) => c.key !== null);
    if (checks.some((c) => c.result === 'mismatch') || decided.length === 0) {
      return checks.map(({ deviceId, result }) => ({ deviceId, result }));
    }
    const now = this.now();
    store.transaction(() => {
      for (const c of decided) {
        if (c.key === 'changed') store.omemoTrust.acceptChangedKey(accountId, jid, c.deviceId, now);
        store.omemoTrust.setTrust(accountId, jid, c.deviceId, 'verified', now);
      }
    });
    bus.emit('omemo.devices.changed', { accountId, jid });
    return checks.map(({ deviceId, result }) => ({ deviceId, result }));
  }

  /** One link entry against what we know; `key` says which stored key it verifies. */
  private check(jid: string, deviceId: number, fingerprint: string): Checked {
    const { store, accountId, ownJid } = this.scope;
    const identity = jid === ownJid ? store.omemoIdentity.get(accountId) : null;
    if (identity && identity.deviceId === deviceId) {
      const ours = hex(deriveIdentity(identity.seed).curvePublic);
      return { deviceId, result: ours === fingerprint ? 'match' : 'mismatch', key: null };
    }
    const pinned = store.omemoTrust.get(accountId, jid, deviceId);
    if (!pinned) return { deviceId, result: 'unknown-device', key: null };
    if (!pinned.conflictingKey && hex(pinned.key) === fingerprint)
      return { deviceId, result: 'match', key: 'pinned' };
    if (pinned.conflictingKey && hex(pinned.conflictingKey) === fingerprint)
      return { deviceId, result: 'match', key: 'changed' };
    return { deviceId, result: 'mismatch', key: null };
  }

  /** Fetches the bundles of active devices with no pinned key (bounded), pinning their keys. */
  async fetchMissingKeys(jid: string, send: IqSender): Promise<void> {
    const { store, accountId } = this.scope;
    const lists = await this.omemo.devices.devicesOf(send, jid);
    const ownId = store.omemoIdentity.get(accountId)?.deviceId;
    const wanted = new Map<number, 'legacy' | 'v2'>();
    // One key per device serves both versions: OMEMO 2's bundle when it has one.
    for (const version of ['legacy', 'v2'] as const)
      for (const id of lists[version]) wanted.set(id, version);
    let fetched = 0;
    for (const [deviceId, version] of wanted) {
      if (fetched >= MAX_BUNDLE_FETCHES) break;
      if (jid === this.scope.ownJid && deviceId === ownId) continue;
      if (store.omemoTrust.get(accountId, jid, deviceId)) continue;
      fetched++;
      const bundle = await this.omemo.devices
        .bundleOf(send, jid, deviceId, version)
        .catch(() => null);
      if (!bundle) continue;
      const key =
        bundle.version === 'legacy'
          ? withoutDjbType(bundle.bundle.identityKey)
          : edwardsToMontgomery(bundle.bundle.ik);
      store.omemoTrust.seen(accountId, jid, deviceId, key, this.now());
    }
  }

  private row(record: OmemoDeviceRecord): OmemoDevice {
    const { store, accountId } = this.scope;
    const pinned = store.omemoTrust.get(accountId, record.jid, record.deviceId);
    return {
      jid: record.jid,
      version: record.namespace,
      deviceId: record.deviceId,
      label: record.label,
      fingerprint: pinned ? hex(pinned.key) : null,
      trust: pinned?.trust ?? 'undecided',
      active: record.active,
      stale: record.sentUnanswered >= STALE_AFTER_UNANSWERED,
      lastMessageAt: record.lastMessageAt,
      problem: record.bundleError,
      keyChanged: pinned?.conflictingKey != null,
      changedFingerprint: pinned?.conflictingKey ? hex(pinned.conflictingKey) : null,
      current: false,
    };
  }
}
