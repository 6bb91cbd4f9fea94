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
  randomBytes,
  hkdfSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { fail } from './errors.js';

// The DER prefix of a PKCS#8 Ed25519 private key (RFC 8410).
const ED25519_PKCS8 = Buffer.from('302e020100300506032b657004220420', 'hex');

export const KEY_LENGTH = 32;

function checkLength(bytes: Uint8Array, length: number, what: string): void {
  if (bytes.length !== length)
    fail('malformed', `${what} must be ${length} bytes, got ${bytes.length}`);
}

const b64url = (u: Uint8Array): string => Buffer.from(u).toString('base64url');
const fromB64url = (s: string | undefined): Uint8Array =>
  new Uint8Array(Buffer.from(s ?? '', 'base64url'));

export interface KeyPair {
  priv: Uint8Array;
  pub: Uint8Array;
}

// Keys cross into node:crypto as JWK: OpenSSL 3 decodes DER PKCS#8 about ten times slower
// (~1.5 ms a key here), which dominated every ratchet step. A JWK private key needs its public
// half, so key pairs travel together wherever we hold a private key.
function x25519Private(own: KeyPair): KeyObject {
  checkLength(own.priv, KEY_LENGTH, 'an X25519 private key');
  checkLength(own.pub, KEY_LENGTH, 'an X25519 public key');
  return createPrivateKey({
    key: { kty: 'OKP', crv: 'X25519', d: b64url(own.priv), x: b64url(own.pub) },
    format: 'jwk',
  });
}

function x25519Public(pub: Uint8Array): KeyObject {
  checkLength(pub, KEY_LENGTH, 'an X25519 public key');
  return createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: b64url(pub) }, format: 'jwk' });
}

/**
 * A fresh X25519 key pair (the private half raw, unclamped, as python-x3dh keeps them).
 * Random bytes, not generateKeyPairSync: Node 20 can deadlock for good when a key it generated
 * is exported while the garbage collector frees the generation job (the export holds the key's
 * lock, the job's destructor waits for it: seen as a test process stuck in a futex wait).
 */
export function generateX25519(): KeyPair {
  const priv = new Uint8Array(randomBytes(KEY_LENGTH));
  return { priv, pub: x25519PublicKey(priv) };
}

/**
 * The public key of a bare private key. As a JWK with an empty public half: Node builds an OKP
 * private key from `d` alone and only checks that `x` is a string (DER PKCS#8 decodes ~10×
 * slower); vectors.test pins the result against the spec's vectors.
 */
export function x25519PublicKey(priv: Uint8Array): Uint8Array {
  checkLength(priv, KEY_LENGTH, 'an X25519 private key');
  const key = createPrivateKey({
    key: { kty: 'OKP', crv: 'X25519', d: b64url(priv), x: '' },
    format: 'jwk',
  });
  return fromB64url(createPublicKey(key).export({ format: 'jwk' }).x);
}

/** X25519; a low-order peer key (all-zero output) is refused by OpenSSL and reported as bad-key. */
export function x25519(own: KeyPair, theirPub: Uint8Array): Uint8Array {
  const privateKey = x25519Private(own);
  try {
    return new Uint8Array(diffieHellman({ privateKey, publicKey: x25519Public(theirPub) }));
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
      key: { kty: 'OKP', crv: 'Ed25519', x: b64url(pub) },
      format: 'jwk',
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
