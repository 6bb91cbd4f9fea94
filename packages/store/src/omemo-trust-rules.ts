import type { OmemoTrust } from '@parley/contract';

/*
 * Blind Trust Before Verification (https://gultsch.de/trust.html; python-omemo's
 * btbv_session_manager, Dino's per-contact blind_trust flag) as a pure state machine: no I/O,
 * so every rule is one row of a table test. The store's omemo-trust repository applies it.
 *
 * Per contact (bare JID; our own account's other devices count as one more contact):
 * - while the user has decided about none of its devices (all are undecided or blind), a new
 *   device is trusted blindly, used for sending, and shown as "not verified";
 * - once the user verified or distrusted any of its devices, blind trust ends for that contact
 *   for good: new devices are undecided until the user decides (devices trusted blindly before
 *   stay blind, shown as such);
 * - no automatic rule lifts "distrusted": only the user can;
 * - a known device showing a different identity key is an alert: the pinned key and its trust
 *   stay until the user accepts the new key, which then starts undecided (distrusted stays).
 */

/** What the store keeps per contact. */
export interface ContactTrustState {
  /** True until the user made a manual decision about any device of the contact. */
  blindTrust: boolean;
}

/** A contact we never saw a device of: BTBV applies. */
export const NEW_CONTACT: ContactTrustState = { blindTrust: true };

/** The trust a device gets when we first see its identity key. */
export function trustForNewDevice(contact: ContactTrustState): OmemoTrust {
  return contact.blindTrust ? 'blind' : 'undecided';
}

/** The contact's state after the user set a device of it to `trust`. */
export function contactAfterManual(
  contact: ContactTrustState,
  trust: OmemoTrust,
): ContactTrustState {
  if (trust === 'verified' || trust === 'distrusted') return { blindTrust: false };
  return contact;
}

/** What seeing an identity key for a device means, given what is pinned for it. */
export type KeySighting =
  | { kind: 'new'; trust: OmemoTrust }
  | { kind: 'known'; trust: OmemoTrust }
  | { kind: 'key-changed'; trust: OmemoTrust };

export interface PinnedKey {
  key: Uint8Array;
  trust: OmemoTrust;
}

export function onKeySeen(
  pinned: PinnedKey | null,
  seen: Uint8Array,
  contact: ContactTrustState,
): KeySighting {
  if (pinned === null) return { kind: 'new', trust: trustForNewDevice(contact) };
  if (sameBytes(pinned.key, seen)) return { kind: 'known', trust: pinned.trust };
  // The pinned key keeps its trust: messages signed by the new key are not this device's.
  return { kind: 'key-changed', trust: pinned.trust };
}

/**
 * The trust a device has after the user accepted its changed key: decided anew (undecided),
 * except that a distrusted device stays distrusted (only an explicit decision lifts that).
 */
export function trustAfterKeyAccepted(previous: OmemoTrust): OmemoTrust {
  return previous === 'distrusted' ? 'distrusted' : 'undecided';
}

/** Whether we encrypt to a device with this trust. */
export function mayEncryptTo(trust: OmemoTrust): boolean {
  return trust === 'blind' || trust === 'verified';
}

/**
 * Whether a message from a device with this trust is shown. Messages from undecided devices are
 * shown marked "unverified device" (python-omemo's BTBV; the user can only decide about a device
 * they hear from); distrusted ones are not shown as the sender's words.
 */
export function mayShowFrom(trust: OmemoTrust): boolean {
  return trust !== 'distrusted';
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
