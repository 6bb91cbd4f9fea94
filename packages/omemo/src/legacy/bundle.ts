/**
 * Legacy OMEMO bundles as plain objects (packages/xmpp turns them into and out of
 * <bundle xmlns='eu.siacs.conversations.axolotl'>), key generation for our own bundle, and the
 * checks a peer's bundle must pass before a session is built from it. Public keys are the
 * 33-byte 0x05 form legacy OMEMO publishes; the signed prekey's signature covers those 33 bytes.
 */
import { randomBytes } from 'node:crypto';
import { deriveIdentity, legacySign, legacySignatureVerify, withDjbType } from '../identity.js';
import { allocatePreKeyIds, MAX_PREKEY_ID } from '../ids.js';
import type { StoredPreKey, StoredSignedPreKey } from '../storage.js';
import { x25519PublicFromPrivate } from './crypto-node.js';
import { LegacyOmemoError } from './errors.js';

/** XEP-0384 0.3: SHOULD publish 100 prekeys, MUST publish at least 20. */
export const PREKEY_TARGET = 100;
/** Below this many unused prekeys the bundle is refilled to PREKEY_TARGET. */
export const PREKEY_REFILL_THRESHOLD = 75;
/** A peer's bundle may not make us hold more than this many prekeys in memory. */
const MAX_PEER_PREKEYS = 1000;

export interface LegacyBundle {
  readonly identityKey: Uint8Array;
  readonly signedPreKey: {
    readonly id: number;
    readonly publicKey: Uint8Array;
    readonly signature: Uint8Array;
  };
  readonly preKeys: readonly { readonly id: number; readonly publicKey: Uint8Array }[];
}

function newKeyPair(): { privateKey: Uint8Array; publicKey: Uint8Array } {
  const privateKey = new Uint8Array(randomBytes(32));
  privateKey[0]! &= 248;
  privateKey[31]! &= 127;
  privateKey[31]! |= 64;
  return { privateKey, publicKey: withDjbType(x25519PublicFromPrivate(privateKey)) };
}

export function generateSignedPreKey(
  seed: Uint8Array,
  id: number,
  now: number,
): StoredSignedPreKey {
  const { privateKey, publicKey } = newKeyPair();
  const signature = legacySign(deriveIdentity(seed).curvePrivate, publicKey);
  return { id, privateKey, publicKey, signature, createdAt: now };
}

/** `count` prekeys from the never-reused id counter; returns the counter to store next. */
export function generatePreKeys(
  nextPreKeyId: number,
  count: number,
): { preKeys: StoredPreKey[]; nextPreKeyId: number } {
  const { ids, next } = allocatePreKeyIds(nextPreKeyId, count);
  const preKeys = ids.map((id) => ({ id, ...newKeyPair(), consumedAt: null }));
  return { preKeys, nextPreKeyId: next };
}

const isKeyId = (n: unknown): n is number =>
  typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= MAX_PREKEY_ID;

function publicKey(field: string, key: unknown): Uint8Array {
  if (!(key instanceof Uint8Array)) throw new LegacyOmemoError('bad-bundle', `${field} missing`);
  try {
    return withDjbType(key);
  } catch {
    throw new LegacyOmemoError('bad-bundle', `${field} is not a Curve25519 key`);
  }
}

/**
 * A peer's bundle checked field by field and normalised to 33-byte keys; throws 'bad-bundle'
 * (the device is skipped, never a crash) when anything is off, including the signature.
 */
export function validateBundle(bundle: LegacyBundle): LegacyBundle {
  const identityKey = publicKey('identityKey', bundle.identityKey);
  const spk = bundle.signedPreKey;
  if (!spk || !isKeyId(spk.id)) throw new LegacyOmemoError('bad-bundle', 'signed prekey id');
  const spkPublic = publicKey('signedPreKeyPublic', spk.publicKey);
  if (!(spk.signature instanceof Uint8Array) || spk.signature.length !== 64) {
    throw new LegacyOmemoError('bad-bundle', 'signed prekey signature is not 64 bytes');
  }
  if (!legacySignatureVerify(identityKey, spkPublic, spk.signature)) {
    throw new LegacyOmemoError('bad-bundle', 'signed prekey signature does not verify');
  }
  if (!Array.isArray(bundle.preKeys) || bundle.preKeys.length === 0) {
    throw new LegacyOmemoError('bad-bundle', 'no prekeys');
  }
  if (bundle.preKeys.length > MAX_PEER_PREKEYS) {
    throw new LegacyOmemoError('bad-bundle', 'too many prekeys');
  }
  const preKeys = bundle.preKeys.map((p, i) => {
    if (!isKeyId(p?.id)) throw new LegacyOmemoError('bad-bundle', `prekey ${i} id`);
    return { id: p.id, publicKey: publicKey(`prekey ${p.id}`, p.publicKey) };
  });
  return {
    identityKey,
    signedPreKey: { id: spk.id, publicKey: spkPublic, signature: Uint8Array.from(spk.signature) },
    preKeys,
  };
}
