/**
 * The fingerprint users compare, as Conversations, Dino and Gajim show it: the lowercase hex of
 * the 32-byte Curve25519 identity key (no 0x05 type byte) in 8 groups of 8. Both OMEMO versions
 * show the same text for one identity: an OMEMO 2 Ed25519 key is shown through its Montgomery form.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { withoutDjbType } from './identity.js';

export const FINGERPRINT_GROUPS = 8;

/** Groups of 8 hex digits, from a Curve25519 key (32 bytes, or 33 with 0x05). */
export function fingerprintGroups(curvePublic: Uint8Array): string[] {
  const hex = Buffer.from(withoutDjbType(curvePublic)).toString('hex');
  return Array.from({ length: FINGERPRINT_GROUPS }, (_, i) => hex.slice(i * 8, i * 8 + 8));
}

export function formatFingerprint(curvePublic: Uint8Array): string {
  return fingerprintGroups(curvePublic).join(' ');
}

/** The same fingerprint from an OMEMO 2 (Ed25519) identity key. */
export function formatFingerprintFromEd25519(ed25519Public: Uint8Array): string {
  if (ed25519Public.length !== 32) throw new RangeError('an Ed25519 public key is 32 bytes');
  return formatFingerprint(ed25519.utils.toMontgomery(ed25519Public));
}
