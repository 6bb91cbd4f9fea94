/**
 * Swaps libsignal-protocol-typescript's slow defaults (asm.js curve25519, per-call async
 * WebCrypto) for node:crypto: X25519 through setCurve and a synchronous WebCrypto-shaped shim
 * through setWebCrypto (OMEMO.md §2.1: decrypt 1.3 → 0.5 ms). Signing is our XEdDSA with the
 * account identity (identity.ts), verification is libsignal's legacy rule, so bundles from
 * python-oldmemo, libsignal-c and libsignal-js clients all verify.
 * The library keeps both as process-wide singletons; installing twice is harmless.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  randomFillSync,
} from 'node:crypto';
import { setCurve, setWebCrypto } from '@privacyresearch/libsignal-protocol-typescript';
import { legacySign, legacySignatureVerify } from '../identity.js';

type LibCurve = Parameters<typeof setCurve>[0];
type LibWebCrypto = Parameters<typeof setWebCrypto>[0];
type Bytes = ArrayBuffer | ArrayBufferView;

const view = (x: Bytes): Buffer =>
  x instanceof ArrayBuffer ? Buffer.from(x) : Buffer.from(x.buffer, x.byteOffset, x.byteLength);
/** A standalone ArrayBuffer holding exactly these bytes (libsignal keeps what it gets). */
export const toArrayBuffer = (b: Uint8Array): ArrayBuffer =>
  b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

/**
 * A private key imported as a JWK, not as DER PKCS#8: OpenSSL 3's DER decoder costs 0.36 ms a
 * key here against 0.05 ms (1–2.5 ms under load), and a DH ratchet step imports three keys.
 * Node builds an OKP private key from `d` alone (raw import) and only checks that `x` is a
 * string, so the public half, which we do not have here, is left empty; the test pins that the
 * keys and secrets still agree with @noble/curves.
 */
function x25519PrivateKey(priv: Bytes) {
  return createPrivateKey({
    key: { kty: 'OKP', crv: 'X25519', d: view(priv).toString('base64url'), x: '' },
    format: 'jwk',
  });
}

export function x25519PublicFromPrivate(priv: Uint8Array): Uint8Array {
  const { x } = createPublicKey(x25519PrivateKey(priv)).export({ format: 'jwk' });
  return new Uint8Array(Buffer.from(x ?? '', 'base64url'));
}

export const nativeCurve = {
  async keyPair(privKey: ArrayBuffer) {
    const priv = new Uint8Array(privKey);
    // The library's default clamps in place; stored private keys then look the same.
    priv[0]! &= 248;
    priv[31]! &= 127;
    priv[31]! |= 64;
    return { pubKey: toArrayBuffer(x25519PublicFromPrivate(priv)), privKey };
  },
  async sharedSecret(pubKey: ArrayBuffer, privKey: ArrayBuffer) {
    const publicKey = createPublicKey({
      key: { kty: 'OKP', crv: 'X25519', x: view(pubKey).toString('base64url') },
      format: 'jwk',
    });
    const secret = diffieHellman({ privateKey: x25519PrivateKey(privKey), publicKey });
    return toArrayBuffer(new Uint8Array(secret));
  },
  async sign(privKey: ArrayBuffer, message: ArrayBuffer) {
    return toArrayBuffer(legacySign(new Uint8Array(privKey), new Uint8Array(message)));
  },
  // The library's contract is inverted: resolve true when the signature is INVALID.
  async verify(pubKey: ArrayBuffer, message: ArrayBuffer, signature: ArrayBuffer) {
    return !legacySignatureVerify(
      new Uint8Array(pubKey),
      new Uint8Array(message),
      new Uint8Array(signature),
    );
  },
};

interface RawKey {
  raw: Buffer;
}

export const nodeWebCrypto = {
  getRandomValues(array: Uint8Array): Uint8Array {
    return randomFillSync(array);
  },
  subtle: {
    async importKey(_format: string, raw: Bytes): Promise<RawKey> {
      return { raw: Buffer.from(view(raw)) };
    },
    async encrypt(alg: { iv: Bytes }, key: RawKey, data: Bytes) {
      const c = createCipheriv('aes-256-cbc', key.raw, view(alg.iv));
      return toArrayBuffer(Buffer.concat([c.update(view(data)), c.final()]));
    },
    async decrypt(alg: { iv: Bytes }, key: RawKey, data: Bytes) {
      const d = createDecipheriv('aes-256-cbc', key.raw, view(alg.iv));
      return toArrayBuffer(Buffer.concat([d.update(view(data)), d.final()]));
    },
    async sign(_alg: unknown, key: RawKey, data: Bytes) {
      return toArrayBuffer(createHmac('sha256', key.raw).update(view(data)).digest());
    },
    async digest(_alg: unknown, data: Bytes) {
      return toArrayBuffer(createHash('sha512').update(view(data)).digest());
    },
  },
};

let installed = false;

export function installNodeCrypto(): void {
  if (installed) return;
  setCurve(nativeCurve as unknown as LibCurve);
  setWebCrypto(nodeWebCrypto as unknown as LibWebCrypto);
  installed = true;
}
