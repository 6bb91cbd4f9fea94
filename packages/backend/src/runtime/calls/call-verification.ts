// OMEMO-verified DTLS fingerprints for calls (features/omemo-dtls.ts has the protocol). In a
// conversation that is encrypted, the callee names its OMEMO device in <proceed/>, and each side
// seals its fingerprint to the other's device. A call is `verified` once both fingerprints went
// sealed, ours out and theirs in, and the device that sealed theirs is one we trust: the media's
// DTLS then ends at that device, not at whoever relays the signalling.
import { LegacyOmemoAccount, withoutDjbType, type IdentityDecision } from '@parley/omemo';
import { omemoTrustRules } from '@parley/store';
import {
  buildEncrypted,
  openFingerprints,
  parseEncrypted,
  sealFingerprints,
  type Element,
  type IqSender,
} from '@parley/xmpp';
import type { AccountScope } from '../account-scope.js';
import type { OmemoAccount } from '../omemo/omemo-account.js';
import type { OmemoChoice } from '../omemo/omemo-choice.js';
import { STORED } from '../omemo/own-keys.js';
import { warnOmemo } from '../omemo/omemo-warning.js';
import type { CallEntry } from './call-entry.js';

/** A DTLS fingerprint as SDP writes it (colon-separated hex), the only plaintext we take. */
const FINGERPRINT = /^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){15,63}$/u;

export class CallVerification {
  constructor(
    private readonly scope: AccountScope,
    private readonly omemo: OmemoAccount,
    private readonly choice: OmemoChoice,
    private readonly now: () => number = Date.now,
  ) {}

  /** Our OMEMO device to name in a <proceed/>: only when the conversation is encrypted. */
  proceedDevice(peer: string): number | null {
    if (!this.omemo.enabled || this.choice.decide(peer).encryption !== 'omemo') return null;
    return this.scope.store.omemoIdentity.get(this.scope.accountId)?.deviceId ?? null;
  }

  /** Seals our fingerprints in an outgoing Jingle element to the peer's named device. */
  async seal(entry: CallEntry, jingle: Element, send: IqSender): Promise<void> {
    const deviceId = entry.omemoDevice;
    if (deviceId === null || !this.omemo.enabled) return;
    const peer = entry.call.peer;
    // Network first, outside the lock: the device's bundle when we have no session with it yet
    // (two Parleys usually talk OMEMO 2; the draft seals with legacy OMEMO).
    const bundle = (await this.hasSession(peer, deviceId))
      ? null
      : await this.bundle(send, peer, deviceId);
    const { sealed, clear } = await sealFingerprints(jingle, (fingerprint) =>
      this.omemo.lock
        .exclusive(async () => {
          const legacy = new LegacyOmemoAccount(this.omemo.legacyStorage, this.scope.ownJid);
          if (!(await legacy.hasSession({ jid: peer, deviceId }))) {
            if (!bundle) return null;
            const built = await legacy.buildSession({ jid: peer, deviceId }, bundle);
            await this.omemo.legacyStorage.commit(built.writes);
          }
          const staged = await legacy.encrypt(fingerprint, [{ jid: peer, deviceId }]);
          const { encrypted, failures } = staged.result;
          if (failures.length > 0 || encrypted.keys.length === 0) return null;
          await this.omemo.legacyStorage.commit(staged.writes);
          return buildEncrypted({
            version: 'legacy',
            sid: encrypted.sid,
            keys: [...encrypted.keys],
            iv: encrypted.iv,
            ...(encrypted.payload ? { payload: encrypted.payload } : {}),
          });
        })
        .catch((error: unknown) => {
          warnOmemo('seal call fingerprint')(error);
          return null;
        }),
    );
    // Every fingerprint of the session must go sealed for the call to count as verified.
    entry.sealedOut = (entry.sealedOut ?? true) && sealed > 0 && clear === 0;
  }

  /**
   * Opens the sealed fingerprints of an incoming Jingle element in place. False when one did
   * not open (not from the call's device, an identity we refuse, a broken session): the element
   * must be refused, since its media could end anywhere.
   */
  async open(entry: CallEntry, jingle: Element): Promise<boolean> {
    const peer = entry.call.peer;
    const { opened, clear, failed } = await openFingerprints(jingle, (element) =>
      this.openOne(entry, peer, element),
    );
    if (failed > 0) return false;
    if (opened + clear > 0) entry.openedIn = (entry.openedIn ?? true) && opened > 0 && clear === 0;
    return true;
  }

  /** Whether the call now counts as verified (both ways sealed, the device trusted). */
  verified(entry: CallEntry): boolean {
    if (!entry.sealedOut || !entry.openedIn || entry.omemoDevice === null) return false;
    const trust = this.trustOf(entry.call.peer, entry.omemoDevice);
    return trust === 'verified' || trust === 'blind';
  }

  private async openOne(entry: CallEntry, peer: string, element: Element): Promise<string | null> {
    if (!this.omemo.enabled) return null;
    const parsed = parseEncrypted(element);
    if (!parsed || 'rejected' in parsed || parsed.version !== 'legacy' || !parsed.payload) {
      return null;
    }
    // The caller sealed to the device that proceeded; after that, only that device may seal.
    if (entry.omemoDevice !== null && parsed.sid !== entry.omemoDevice) return null;
    if (this.trustOf(peer, parsed.sid) === 'distrusted') return null;
    const { store, accountId } = this.scope;
    // A device whose identity changed since we pinned it is refused, as its messages are.
    const accept = (decision: IdentityDecision): boolean =>
      !decision.previous ||
      Buffer.from(withoutDjbType(decision.previous)).equals(withoutDjbType(decision.identityKey));
    try {
      const text = await this.omemo.lock.exclusive(async () => {
        const legacy = new LegacyOmemoAccount(this.omemo.legacyStorage, this.scope.ownJid);
        const staged = await legacy.decrypt(peer, parsed, accept);
        const plaintext = staged.result.plaintext;
        if (plaintext === null) return null;
        await this.omemo.legacyStorage.commit(staged.writes.filter((w) => w.kind !== 'heartbeat'));
        store.omemoDevices.noteMessageFrom(accountId, peer, STORED.legacy, parsed.sid, this.now());
        return new TextDecoder().decode(plaintext).trim();
      });
      if (text === null || !FINGERPRINT.test(text)) return null;
      entry.omemoDevice = parsed.sid;
      return text.toUpperCase();
    } catch (error) {
      warnOmemo('open call fingerprint')(error);
      return null;
    }
  }

  private hasSession(peer: string, deviceId: number): boolean {
    const { store, accountId } = this.scope;
    return store.omemoSessions.get(accountId, peer, STORED.legacy, deviceId) !== null;
  }

  /**
   * The device's legacy bundle, its identity key pinned as a message's would be (Blind Trust
   * Before Verification decides about a device first seen here); null for a device we refuse.
   */
  private async bundle(send: IqSender, peer: string, deviceId: number) {
    const fetched = await this.omemo.devices.bundleOf(send, peer, deviceId, 'legacy');
    if (!fetched || fetched.version !== 'legacy') return null;
    const key = withoutDjbType(fetched.bundle.identityKey);
    const { store, accountId } = this.scope;
    const sighting = store.omemoTrust.seen(accountId, peer, deviceId, key, this.now());
    if (sighting.kind === 'key-changed' || sighting.trust === 'distrusted') return null;
    return fetched.bundle;
  }

  private trustOf(peer: string, deviceId: number) {
    const { store, accountId } = this.scope;
    const pinned = store.omemoTrust.get(accountId, peer, deviceId);
    if (pinned !== null) return pinned.trust;
    return omemoTrustRules.trustForNewDevice(store.omemoTrust.contact(accountId, peer));
  }
}
