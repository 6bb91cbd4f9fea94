// OMEMO-verified DTLS fingerprints for calls (features/omemo-dtls.ts has the protocol). In a
// conversation that is encrypted, the callee names its OMEMO device in <proceed/>, and each side
// seals its fingerprint to the other's device. A call is `verified` once both fingerprints went
// sealed, ours out and theirs in, and the device that sealed theirs is one we trust: the media's
// DTLS then ends at that device, not at whoever relays the signalling.
import { openFingerprints, sealFingerprints, type Element, type IqSender } from '@parley/xmpp';
import type { AccountScope } from '../account-scope.js';
import type { LegacySeal } from '../omemo/legacy-seal.js';
import type { OmemoChoice } from '../omemo/omemo-choice.js';
import type { CallEntry } from './call-entry.js';

/** A DTLS fingerprint as SDP writes it (colon-separated hex), the only plaintext we take. */
const FINGERPRINT = /^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){15,63}$/u;

export class CallVerification {
  constructor(
    private readonly scope: AccountScope,
    private readonly seals: LegacySeal,
    private readonly choice: OmemoChoice,
  ) {}

  /** Our OMEMO device to name in a <proceed/>: only when the conversation is encrypted. */
  proceedDevice(peer: string): number | null {
    if (!this.seals.enabled || this.choice.decide(peer).encryption !== 'omemo') return null;
    return this.scope.store.omemoIdentity.get(this.scope.accountId)?.deviceId ?? null;
  }

  /** Seals our fingerprints in an outgoing Jingle element to the peer's named device. */
  async seal(entry: CallEntry, jingle: Element, send: IqSender): Promise<void> {
    const deviceId = entry.omemoDevice;
    if (deviceId === null || !this.seals.enabled) return;
    const peer = entry.call.peer;
    const { sealed, clear } = await sealFingerprints(jingle, (fingerprint) =>
      this.seals.seal(send, peer, [deviceId], fingerprint),
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
    const { opened, clear, failed } = await openFingerprints(jingle, (element) =>
      this.openOne(entry, element),
    );
    if (failed > 0) return false;
    if (opened + clear > 0) entry.openedIn = (entry.openedIn ?? true) && opened > 0 && clear === 0;
    return true;
  }

  /** Whether the call now counts as verified (both ways sealed, the device trusted). */
  verified(entry: CallEntry): boolean {
    if (!entry.sealedOut || !entry.openedIn || entry.omemoDevice === null) return false;
    const trust = this.seals.trustOf(entry.call.peer, entry.omemoDevice);
    return trust === 'verified' || trust === 'blind';
  }

  private async openOne(entry: CallEntry, element: Element): Promise<string | null> {
    // The caller sealed to the device that proceeded; after that, only that device may seal.
    const opened = await this.seals.open(entry.call.peer, element, entry.omemoDevice);
    if (!opened?.plaintext) return null;
    const text = new TextDecoder().decode(opened.plaintext).trim();
    if (!FINGERPRINT.test(text)) return null;
    entry.omemoDevice = opened.deviceId;
    return text.toUpperCase();
  }
}
