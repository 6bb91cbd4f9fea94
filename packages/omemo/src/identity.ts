/**
 * The account's OMEMO identity: one 32-byte Ed25519 seed serves both protocol versions (as
 * python-omemo keeps it). OMEMO 2 publishes the Ed25519 public key and signs with plain Ed25519;
 * legacy OMEMO publishes the Montgomery form of the same key (0x05-prefixed) and signs with
 * XEdDSA (https://signal.org/docs/specifications/xeddsa/), so legacy peers verify against the
 * Curve25519 key they were given.
 */
import { createHash, randomBytes } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';

export const SEED_BYTES = 32;
/** The type byte libsignal puts in front of every serialized Curve25519 public key. */
export const DJB_TYPE = 0x05;

export interface Identity {
  readonly seed: Uint8Array;
  /** Standard Ed25519 public key from the seed (what OMEMO 2 publishes). */
  readonly ed25519Public: Uint8Array;
  /** clamp(SHA-512(seed)[0:32]): the X25519 private key and the XEdDSA signing key. */
  readonly curvePrivate: Uint8Array;
  /** Montgomery u of the Ed25519 public key, 32 bytes. */
  readonly curvePublic: Uint8Array;
  /** 0x05 ‖ curvePublic, as legacy OMEMO publishes it. */
  readonly curvePublicPrefixed: Uint8Array;
}

const Point = ed25519.Point;
const P = Point.CURVE().p;
const N = Point.CURVE().n;

export function generateIdentitySeed(): Uint8Array {
  return new Uint8Array(randomBytes(SEED_BYTES));
}

export function deriveIdentity(seed: Uint8Array): Identity {
  if (seed.length !== SEED_BYTES) throw new RangeError(`identity seed must be ${SEED_BYTES} bytes`);
  const ed25519Public = ed25519.getPublicKey(seed);
  const curvePrivate = clamp(sha512(seed).subarray(0, 32));
  const curvePublic = ed25519.utils.toMontgomery(ed25519Public);
  return {
    seed: Uint8Array.from(seed),
    ed25519Public,
    curvePrivate,
    curvePublic,
    curvePublicPrefixed: withDjbType(curvePublic),
  };
}

/** 0x05 ‖ key for a 32-byte key; a 33-byte key must already carry the type byte. */
export function withDjbType(key: Uint8Array): Uint8Array {
  if (key.length === 33 && key[0] === DJB_TYPE) return Uint8Array.from(key);
  if (key.length !== 32)
    throw new RangeError('a Curve25519 public key is 32 bytes (or 33 with 0x05)');
  const out = new Uint8Array(33);
  out[0] = DJB_TYPE;
  out.set(key, 1);
  return out;
}

/** The raw 32-byte key from either form. */
export function withoutDjbType(key: Uint8Array): Uint8Array {
  if (key.length === 32) return Uint8Array.from(key);
  if (key.length === 33 && key[0] === DJB_TYPE) return key.slice(1);
  throw new RangeError('a Curve25519 public key is 32 bytes (or 33 with 0x05)');
}

/**
 * XEdDSA signature of `message` with a Curve25519 private key. `nonce` (64 bytes) is random
 * unless given; tests pass one to compare with python's xeddsa byte for byte.
 */
export function xeddsaSign(
  curvePrivate: Uint8Array,
  message: Uint8Array,
  nonce: Uint8Array = randomBytes(64),
): Uint8Array {
  // The Edwards key we sign with must have sign bit 0: negate the scalar when it is 1.
  return signWithScalar(curvePrivate, message, nonce, true);
}

/**
 * The signature legacy OMEMO publishes for our signed prekey: made by the real Ed25519 key of
 * the identity (whatever its sign bit), with that sign bit carried in the top bit of byte 63 —
 * as python-oldmemo publishes (etree.serialize_bundle) and libsignal's curve25519_verify reads.
 * Peers that take our Ed25519 key from the legacy bundle (python-omemo) then get the same key as
 * our OMEMO 2 bundle carries; a plain XEdDSA signature (sign bit 0) would make them store the
 * negated key and refuse our OMEMO 2 key exchanges. Verify with `legacySignatureVerify`.
 */
export function legacySign(
  curvePrivate: Uint8Array,
  message: Uint8Array,
  nonce: Uint8Array = randomBytes(64),
): Uint8Array {
  return signWithScalar(curvePrivate, message, nonce, false);
}

/** The Edwards sign bit (0 or 0x80) a legacy signature claims for its signer. */
export function legacySignatureSignBit(signature: Uint8Array): number {
  return signature.length === 64 ? signature[63]! & 0x80 : 0;
}

function signWithScalar(
  curvePrivate: Uint8Array,
  message: Uint8Array,
  nonce: Uint8Array,
  forceSignBitZero: boolean,
): Uint8Array {
  if (curvePrivate.length !== 32) throw new RangeError('a Curve25519 private key is 32 bytes');
  if (nonce.length !== 64) throw new RangeError('the XEdDSA nonce is 64 bytes');
  const clamped = clamp(curvePrivate);
  const k = mod(bytesToNumberLE(clamped), N);
  const signBit = Point.BASE.multiply(k).toBytes()[31]! & 0x80;
  const negate = forceSignBitZero && signBit !== 0;
  const a = negate ? mod(N - k, N) : k;
  const A = Point.BASE.multiply(a).toBytes();
  // The nonce hash takes the clamped key unreduced when it is not negated, as libsignal-c's
  // xed25519_sign and python's xeddsa do; either choice gives a valid signature, this one gives
  // the same bytes as theirs for the same nonce.
  const aBytes = negate ? numberToBytesLE(a) : clamped;
  const hash1Prefix = new Uint8Array(32).fill(0xff);
  hash1Prefix[0] = 0xfe;
  const r = mod(bytesToNumberLE(sha512(concat(hash1Prefix, aBytes, message, nonce))), N);
  const R = Point.BASE.multiply(r).toBytes();
  const h = mod(bytesToNumberLE(sha512(concat(R, A, message))), N);
  const s = mod(r + h * a, N);
  const signature = concat(R, numberToBytesLE(s));
  // s < 2^253, so the top bit is free; without negation it tells verifiers A's sign bit.
  if (!forceSignBitZero) signature[63]! |= A[31]! & 0x80;
  return signature;
}

/** Strict XEdDSA verification (sign bit 0, s < 2^253), what OMEMO 2 and python's xeddsa do. */
export function xeddsaVerify(
  curvePublic: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (signature.length !== 64 || (signature[63]! & 0xe0) !== 0) return false;
  const edPublic = montgomeryToEdwards(withoutDjbType(curvePublic), 0);
  return edPublic !== null && ed25519.verify(signature, message, edPublic, { zip215: false });
}

/**
 * Verification as libsignal does it for legacy bundles: the Edwards sign bit travels in the top
 * bit of the signature. Accepts XEdDSA signatures (bit 0) and the older curve25519_sign ones that
 * libsignal-protocol-javascript/-typescript clients still publish.
 */
export function legacySignatureVerify(
  curvePublic: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (signature.length !== 64) return false;
  const signBit = signature[63]! & 0x80;
  const edPublic = montgomeryToEdwards(withoutDjbType(curvePublic), signBit);
  if (edPublic === null) return false;
  const plain = Uint8Array.from(signature);
  plain[63]! &= 0x7f;
  return ed25519.verify(plain, message, edPublic, { zip215: false });
}

/**
 * A legacy device's Ed25519 identity key, as python-oldmemo reads it from a bundle: the Edwards
 * form of its Curve25519 key with the sign bit its signed-prekey signature carries. Null when the
 * key has no Edwards form. (Trust compares the Curve25519 form, which both signs share.)
 */
export function legacyEd25519Identity(
  curvePublic: Uint8Array,
  signedPreKeySignature: Uint8Array,
): Uint8Array | null {
  const signBit = legacySignatureSignBit(signedPreKeySignature);
  return montgomeryToEdwards(withoutDjbType(curvePublic), signBit);
}

/** y = (u − 1) / (u + 1), with the requested sign bit; null when no Edwards point exists. */
function montgomeryToEdwards(u32: Uint8Array, signBit: number): Uint8Array | null {
  const uBytes = Uint8Array.from(u32);
  uBytes[31]! &= 0x7f; // as X25519 reads u
  const u = mod(bytesToNumberLE(uBytes), P);
  if (u === P - 1n) return null;
  const y = mod((u - 1n) * invert(u + 1n, P), P);
  const out = numberToBytesLE(y);
  out[31]! |= signBit;
  try {
    Point.fromBytes(out);
  } catch {
    return null;
  }
  return out;
}

function sha512(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha512').update(data).digest());
}

function clamp(key: Uint8Array): Uint8Array {
  const out = Uint8Array.from(key);
  out[0]! &= 248;
  out[31]! &= 127;
  out[31]! |= 64;
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r >= 0n ? r : r + m;
}

function invert(a: bigint, m: bigint): bigint {
  // Fermat: m is prime.
  let result = 1n;
  let base = mod(a, m);
  let e = m - 2n;
  while (e > 0n) {
    if (e & 1n) result = (result * base) % m;
    base = (base * base) % m;
    e >>= 1n;
  }
  return result;
}

function bytesToNumberLE(bytes: Uint8Array): bigint {
  return BigInt('0x' + (Buffer.from(bytes).reverse().toString('hex') || '0'));
}

function numberToBytesLE(n: bigint): Uint8Array {
  const hex = n.toString(16).padStart(64, '0');
  return new Uint8Array(Buffer.from(hex, 'hex').reverse());
}
