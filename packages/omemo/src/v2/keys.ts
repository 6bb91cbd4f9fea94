/**
 * The key material OMEMO 2 needs from the account's one identity (a 32-byte Ed25519 seed, shared
 * with legacy OMEMO; see the identity rule in the OMEMO design notes). Derived here for v2 only:
 * the published `ik` is the Ed25519 public key, X3DH uses the Curve25519 form.
 */
import {
  ed25519PublicKey,
  ed25519Sign,
  edwardsToMontgomery,
  generateX25519,
  seedToCurvePrivate,
  x25519PublicKey,
  type KeyPair,
} from './crypto.js';
import { fail } from './errors.js';

export interface IdentityKeys {
  seed: Uint8Array;
  /** Published as `<ik>`; OMEMO 2 signatures verify against it as plain Ed25519. */
  edPub: Uint8Array;
  /** priv = clamp(SHA-512(seed)[0:32]); pub = the Montgomery form of edPub. */
  curve: KeyPair;
}

export function identityFromSeed(seed: Uint8Array): IdentityKeys {
  if (seed.length !== 32) fail('malformed', 'the identity seed must be 32 bytes');
  const edPub = ed25519PublicKey(seed);
  return {
    seed,
    edPub,
    curve: { priv: seedToCurvePrivate(seed), pub: edwardsToMontgomery(edPub) },
  };
}

/** Device and prekey ids are 1..2^31-1 (XEP-0384 0.9.1). */
export const MAX_ID = 2 ** 31 - 1;

export function isValidId(id: unknown): id is number {
  return typeof id === 'number' && Number.isInteger(id) && id >= 1 && id <= MAX_ID;
}

export type { KeyPair };

export interface SignedPreKey extends KeyPair {
  id: number;
  /** Ed25519 signature, by the identity, over the raw 32-byte X25519 public key (as twomemo). */
  signature: Uint8Array;
}

export interface PreKey extends KeyPair {
  id: number;
}

export function keyPairFromPrivate(priv: Uint8Array): KeyPair {
  return { priv, pub: x25519PublicKey(priv) };
}

export function generateSignedPreKey(
  identity: IdentityKeys,
  id: number,
  pair: KeyPair = generateX25519(),
): SignedPreKey {
  if (!isValidId(id)) fail('malformed', `signed prekey id ${id} is outside 1..2^31-1`);
  return { id, ...pair, signature: ed25519Sign(identity.seed, pair.pub) };
}

/** `count` new prekeys with ids firstId, firstId+1, …; the caller never reuses an id. */
export function generatePreKeys(firstId: number, count: number): PreKey[] {
  if (!isValidId(firstId) || !isValidId(firstId + count - 1) || count < 0 || count > 1000) {
    fail('malformed', `cannot generate ${count} prekeys from id ${firstId}`);
  }
  return Array.from({ length: count }, (_, i) => ({
    id: firstId + i,
    ...generateX25519(),
  }));
}
