/**
 * Who an OMEMO message is encrypted for (XEP-0384; OMEMO.md §3.1, §3.5, §7.3): every device of
 * the peer and every other device of our own account (that is what makes carbons and archive
 * copies readable on them), never this device; per device the version it announces (OMEMO 2
 * when it is on the v2 list, else legacy); only devices trusted blindly (BTBV) or verified.
 * Pure: the backend looks the lists and trust up and passes them in.
 */
import { HEARTBEAT_COUNTER, mayEncryptTo } from '@parley/omemo';
import type { OmemoVersion as WireVersion } from '@parley/xmpp';
import type { BackendText, OmemoTrust } from '@parley/contract';

export interface Candidate {
  jid: string;
  deviceId: number;
  version: WireVersion;
}

export type DeviceLists = Record<WireVersion, readonly number[]>;

/**
 * The devices to consider, the peer's first: a device on both lists gets OMEMO 2 (one key per
 * device: it decrypts whichever element carries its key, OMEMO 2 first).
 */
export function candidates(
  peer: { jid: string; lists: DeviceLists },
  own: { jid: string; lists: DeviceLists; deviceId: number },
): Candidate[] {
  const out: Candidate[] = [];
  const add = (jid: string, lists: DeviceLists, skip: number | null) => {
    const v2 = new Set(lists.v2);
    const ids = new Set([...lists.v2, ...lists.legacy]);
    for (const deviceId of ids) {
      if (deviceId === skip) continue;
      out.push({ jid, deviceId, version: v2.has(deviceId) ? 'v2' : 'legacy' });
    }
  };
  add(peer.jid, peer.lists, peer.jid === own.jid ? own.deviceId : null);
  if (peer.jid !== own.jid) add(own.jid, own.lists, own.deviceId);
  return out;
}

/** What we know of a device's identity key: none yet, or the pinned one's trust. */
export interface KnownKey {
  trust: OmemoTrust;
  /** The device showed another key since (an alert the user has to settle). */
  keyChanged: boolean;
}

export type Verdict =
  | { kind: 'encrypt' }
  /** No key pinned yet: fetch the bundle, pin its key (BTBV decides), then ask again. */
  | { kind: 'needs-key' }
  | { kind: 'skip'; reason: string };

/** Whether a device gets a key in our messages, from what is pinned for it. */
export function verdict(known: KnownKey | null): Verdict {
  if (known === null) return { kind: 'needs-key' };
  if (known.keyChanged) return { kind: 'skip', reason: 'its identity key changed' };
  if (mayEncryptTo(known.trust)) return { kind: 'encrypt' };
  return {
    kind: 'skip',
    reason: known.trust === 'distrusted' ? 'distrusted' : 'not trusted yet',
  };
}

/**
 * Messages encrypted for a device since it last sent one, past which it is stale (OMEMO.md §4
 * pitfall 3: dead devices stay on lists and everyone keeps encrypting to them). A live device
 * answers within 53 messages even when its user never writes: it must send a heartbeat at
 * counter 53 of a ratchet key (XEP-0384). Twice that leaves room for one missed heartbeat.
 */
export const STALE_AFTER_UNANSWERED = 2 * HEARTBEAT_COUNTER;

/** Whether a device with this many messages sent to it unanswered counts as stale. */
export function isStale(sentUnanswered: number): boolean {
  return sentUnanswered >= STALE_AFTER_UNANSWERED;
}

/**
 * The devices to encrypt for without the stale ones, but never all of a JID's: a JID whose
 * every device is stale keeps them. Skipping a contact's last devices locks both sides out for
 * good (neither ever hears from the other: Smack#245, decided with Conversations' author to
 * treat only one's own devices as stale); a stale device among live ones is skipped, and the
 * first message it sends makes it live again.
 */
export function withoutStale<T>(
  devices: readonly T[],
  about: (device: T) => { jid: string; sentUnanswered: number },
): { kept: T[]; stale: T[] } {
  const live = new Set(
    devices.map(about).flatMap((d) => (isStale(d.sentUnanswered) ? [] : [d.jid])),
  );
  const kept: T[] = [];
  const stale: T[] = [];
  for (const device of devices) {
    const { jid, sentUnanswered } = about(device);
    if (live.has(jid) && isStale(sentUnanswered)) stale.push(device);
    else kept.push(device);
  }
  return { kept, stale };
}

/** Why nothing could be encrypted, in words for the failed message. */
export function noRecipientReason(
  skipped: readonly { candidate: Candidate; reason: string }[],
  peer: string,
): BackendText {
  const peerSkipped = skipped.filter((s) => s.candidate.jid === peer);
  if (skipped.length === 0 || peerSkipped.length === 0)
    return { id: 'omemo.not-sent-no-device', params: { jid: peer } };
  // Each device's reason stays in English (a short technical note inside the sentence).
  const reasons = [...new Set(peerSkipped.map((s) => s.reason))].join(', ');
  return { id: 'omemo.not-sent-no-usable-device', params: { jid: peer, reasons } };
}
