/**
 * The primitives OMEMO 2 is built from, on node:crypto (X25519, Ed25519, HKDF, HMAC, AES-CBC) and
 * @noble/curves for the Edwards→Montgomery map node:crypto does not offer. Keys are raw 32-byte
 * arrays everywhere, as on the wire; they are wrapped in DER only at the node:crypto boundary.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  hkdfSync,
  randomBytes,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { fail } from './errors.js';

// DER prefixes of PKCS#8 private and SPKI public keys for the two curves (RFC 8410).
const X25519_PKCS8 = Buffer.from('302e020100300506032b656e04220420', 'hex');
const X25519_SPKI = Buffer.from('302a300506032b656e032100', 'hex');
const ED25519_PKCS8 = Buffer.from('302e020100300506032b657004220420', 'hex');
const ED25519_SPKI = Buffer.from('302a300506032b6570032100', 'hex');

export const KEY_LENGTH = 32;

function checkLength(bytes: Uint8Array, length: number, what: string): void {
  if (bytes.length !== length)
    fail('malformed', `${what} must be ${length} bytes, got ${bytes.length}`);
}

function x25519Private(priv: Uint8Array): KeyObject {
  checkLength(priv, KEY_LENGTH, 'an X25519 private key');
  return createPrivateKey({
    key: Buffer.concat([X25519_PKCS8, priv]),
    format: 'der',
    type: 'pkcs8',
  });
}

function x25519Public(pub: Uint8Array): KeyObject {
  checkLength(pub, KEY_LENGTH, 'an X25519 public key');
  return createPublicKey({ key: Buffer.concat([X25519_SPKI, pub]), format: 'der', type: 'spki' });
}

/** A fresh X25519 private key: 32 random bytes, clamped by X25519 itself (as python-x3dh keeps them). */
export function randomPrivateKey(): Uint8Array {
  return new Uint8Array(randomBytes(KEY_LENGTH));
}

export function x25519PublicKey(priv: Uint8Array): Uint8Array {
  const spki = createPublicKey(x25519Private(priv)).export({ format: 'der', type: 'spki' });
  return new Uint8Array(spki.subarray(X25519_SPKI.length));
}

/** X25519; a low-order peer key (all-zero output) is refused by OpenSSL and reported as bad-key. */
export function x25519(priv: Uint8Array, pub: Uint8Array): Uint8Array {
  try {
    return new Uint8Array(
      diffieHellman({ privateKey: x25519Private(priv), publicKey: x25519Public(pub) }),
    );
  } catch {
    return fail('bad-key', 'X25519 with this public key failed (low-order point?)');
  }
}

/** The Montgomery (X25519) form of an Ed25519 public key; refuses bytes that are not a curve point. */
export function edwardsToMontgomery(edPub: Uint8Array): Uint8Array {
  checkLength(edPub, KEY_LENGTH, 'an Ed25519 public key');
  try {
    return ed25519.utils.toMontgomery(edPub);
  } catch {
    return fail('bad-key', 'not a valid Ed25519 public key');
  }
}

export function ed25519PublicKey(seed: Uint8Array): Uint8Array {
  return ed25519.getPublicKey(seed);
}

export function ed25519Sign(seed: Uint8Array, message: Uint8Array): Uint8Array {
  checkLength(seed, KEY_LENGTH, 'an Ed25519 seed');
  const key = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  return new Uint8Array(sign(null, message, key));
}

export function ed25519Verify(
  pub: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (pub.length !== KEY_LENGTH || signature.length !== 64) return false;
  try {
    const key = createPublicKey({
      key: Buffer.concat([ED25519_SPKI, pub]),
      format: 'der',
      type: 'spki',
    });
    return verify(null, message, key, signature);
  } catch {
    return false;
  }
}

/** The Curve25519 private key of an Ed25519 seed: clamp(SHA-512(seed)[0:32]), as XEdDSA/python. */
export function seedToCurvePrivate(seed: Uint8Array): Uint8Array {
  checkLength(seed, KEY_LENGTH, 'an Ed25519 seed');
  const h = new Uint8Array(createHash('sha512').update(seed).digest().subarray(0, 32));
  h[0]! &= 248;
  h[31]! &= 127;
  h[31]! |= 64;
  return h;
}

export function hkdf(ikm: Uint8Array, salt: Uint8Array, info: string, length: number): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', ikm, salt, Buffer.from(info, 'ascii'), length));
}

export function hmacSha256(key: Uint8Array, ...parts: Uint8Array[]): Uint8Array {
  const mac = createHmac('sha256', key);
  for (const part of parts) mac.update(part);
  return new Uint8Array(mac.digest());
}

export function aesCbcEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Uint8Array {
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return new Uint8Array(Buffer.concat([cipher.update(plaintext), cipher.final()]));
}

export function aesCbcDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, iv);
    return new Uint8Array(Buffer.concat([decipher.update(ciphertext), decipher.final()]));
  } catch {
    // Only reached after the MAC matched, so this is a sender bug, not tampering.
    return fail('malformed', 'AES-256-CBC padding is invalid');
  }
}

/** Constant-time comparison of MACs and keys. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}
