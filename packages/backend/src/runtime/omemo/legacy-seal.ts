// Legacy OMEMO (eu.siacs.conversations.axolotl) outside messages: an <encrypted/> element sealed
// to chosen devices of one contact and opened from them, for what rides in Jingle rather than in
// a message: a call's DTLS fingerprint (calls/call-verification.ts) and a direct transfer's AES
// key (JET-OMEMO, files/direct). Each seal or open advances the ratchet under the account's
// crypto lock and commits at once; a device without a session gets one from its bundle first,
// its identity pinned as a message's would be.
import { LegacyOmemoAccount, withoutDjbType, type IdentityDecision } from '@parley/omemo';
import type { OmemoTrust } from '@parley/contract';
import { omemoTrustRules } from '@parley/store';
import { buildEncrypted, parseEncrypted, type Element, type IqSender } from '@parley/xmpp';
import type { AccountScope } from '../account-scope.js';
import type { OmemoAccount } from './omemo-account.js';
import { STORED } from './own-keys.js';
import { warnOmemo } from './omemo-warning.js';

/** What an opened element held: the device that sealed it, and its text or transport key. */
export interface Opened {
  deviceId: number;
  plaintext: Uint8Array | null;
  transportKey: Uint8Array | null;
  iv: Uint8Array;
}

export class LegacySeal {
  constructor(
    private readonly scope: AccountScope,
    private readonly omemo: OmemoAccount,
    private readonly now: () => number = Date.now,
  ) {}

  get enabled(): boolean {
    return this.omemo.enabled;
  }

  /** The contact's devices on its legacy list we would seal to (active, not distrusted). */
  devicesOf(peer: string): number[] {
    const { store, accountId } = this.scope;
    return store.omemoDevices
      .list(accountId, peer, STORED.legacy)
      .filter((d) => d.active && this.trustOf(peer, d.deviceId) !== 'distrusted')
      .map((d) => d.deviceId);
  }

  /**
   * `plaintext` (or, for a KeyTransport, `secret`) sealed to those of `deviceIds` we can reach;
   * null when none. Bundles are fetched first, outside the lock.
   */
  async seal(
    send: IqSender,
    peer: string,
    deviceIds: readonly number[],
    plaintext: string | null,
    secret?: { key: Uint8Array; iv: Uint8Array },
  ): Promise<Element | null> {
    if (!this.omemo.enabled || deviceIds.length === 0) return null;
    const bundles = new Map<number, Awaited<ReturnType<LegacySeal['bundle']>>>();
    for (const id of deviceIds) {
      if (!this.hasSession(peer, id)) bundles.set(id, await this.bundle(send, peer, id));
    }
    try {
      return await this.omemo.lock.exclusive(async () => {
        const legacy = new LegacyOmemoAccount(this.omemo.legacyStorage, this.scope.ownJid);
        const reachable: { jid: string; deviceId: number }[] = [];
        for (const deviceId of deviceIds) {
          const address = { jid: peer, deviceId };
          if (!(await legacy.hasSession(address))) {
            const bundle = bundles.get(deviceId);
            if (!bundle) continue;
            const built = await legacy.buildSession(address, bundle);
            await this.omemo.legacyStorage.commit(built.writes);
          }
          reachable.push(address);
        }
        if (reachable.length === 0) return null;
        const staged = await legacy.encrypt(plaintext, reachable, secret);
        const { encrypted } = staged.result;
        await this.omemo.legacyStorage.commit(staged.writes);
        return buildEncrypted({
          version: 'legacy',
          sid: encrypted.sid,
          keys: [...encrypted.keys],
          iv: encrypted.iv,
          ...(encrypted.payload ? { payload: encrypted.payload } : {}),
        });
      });
    } catch (error) {
      warnOmemo('seal')(error);
      return null;
    }
  }

  /**
   * Opens an element `peer` sealed; null when it does not open, came from a device we distrust,
   * from another than `onlyDevice`, or from one whose identity changed since we pinned it.
   */
  async open(peer: string, element: Element, onlyDevice: number | null): Promise<Opened | null> {
    if (!this.omemo.enabled) return null;
    const parsed = parseEncrypted(element);
    if (!parsed || 'rejected' in parsed || parsed.version !== 'legacy') return null;
    if (onlyDevice !== null && parsed.sid !== onlyDevice) return null;
    if (this.trustOf(peer, parsed.sid) === 'distrusted') return null;
    const accept = (decision: IdentityDecision): boolean =>
      !decision.previous ||
      Buffer.from(withoutDjbType(decision.previous)).equals(withoutDjbType(decision.identityKey));
    const { store, accountId } = this.scope;
    try {
      return await this.omemo.lock.exclusive(async () => {
        const legacy = new LegacyOmemoAccount(this.omemo.legacyStorage, this.scope.ownJid);
        const staged = await legacy.decrypt(peer, parsed, accept);
        await this.omemo.legacyStorage.commit(staged.writes.filter((w) => w.kind !== 'heartbeat'));
        store.omemoDevices.noteMessageFrom(accountId, peer, STORED.legacy, parsed.sid, this.now());
        const { plaintext, transportKey } = staged.result;
        return { deviceId: parsed.sid, plaintext, transportKey, iv: parsed.iv };
      });
    } catch (error) {
      warnOmemo('open')(error);
      return null;
    }
  }

  trustOf(peer: string, deviceId: number): OmemoTrust {
    const { store, accountId } = this.scope;
    const pinned = store.omemoTrust.get(accountId, peer, deviceId);
    if (pinned !== null) return pinned.trust;
    return omemoTrustRules.trustForNewDevice(store.omemoTrust.contact(accountId, peer));
  }

  private hasSession(peer: string, deviceId: number): boolean {
    const { store, accountId } = this.scope;
    return store.omemoSessions.get(accountId, peer, STORED.legacy, deviceId) !== null;
  }

  /** The device's legacy bundle with its identity key pinned; null for a device we refuse. */
  private async bundle(send: IqSender, peer: string, deviceId: number) {
    const fetched = await this.omemo.devices.bundleOf(send, peer, deviceId, 'legacy');
    if (!fetched || fetched.version !== 'legacy') return null;
    const key = withoutDjbType(fetched.bundle.identityKey);
    const { store, accountId } = this.scope;
    const sighting = store.omemoTrust.seen(accountId, peer, deviceId, key, this.now());
    if (sighting.kind === 'key-changed' || sighting.trust === 'distrusted') return null;
    return fetched.bundle;
  }
}
