import { randomBytes, webcrypto } from 'node:crypto';
import { x25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { deriveIdentity, generateIdentitySeed, legacySignatureVerify } from '../identity.js';
import { nativeCurve, nodeWebCrypto, toArrayBuffer } from './crypto-node.js';

const ab = (n: number) => toArrayBuffer(new Uint8Array(randomBytes(n)));
const hex = (b: ArrayBuffer) => Buffer.from(b).toString('hex');

describe('node:crypto shims for libsignal', () => {
  it('computes the same AES-CBC and HMAC as WebCrypto', async () => {
    const key = ab(32);
    const iv = ab(16);
    const data = ab(45);
    const subtle = webcrypto.subtle;
    const aes = await subtle.importKey('raw', key, { name: 'AES-CBC' }, false, ['encrypt']);
    const want = await subtle.encrypt({ name: 'AES-CBC', iv }, aes, data);
    const ours = await nodeWebCrypto.subtle.encrypt(
      { iv },
      await nodeWebCrypto.subtle.importKey('raw', key),
      data,
    );
    expect(hex(ours)).toBe(hex(want));
    const back = await nodeWebCrypto.subtle.decrypt(
      { iv },
      await nodeWebCrypto.subtle.importKey('raw', key),
      ours,
    );
    expect(hex(back)).toBe(hex(data));
    const hmacKey = await subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
    ]);
    const mac = await subtle.sign('HMAC', hmacKey, data);
    const ourMac = await nodeWebCrypto.subtle.sign(
      {},
      await nodeWebCrypto.subtle.importKey('raw', key),
      data,
    );
    expect(hex(ourMac)).toBe(hex(mac));
  });

  it('agrees on X25519 keys and shared secrets with @noble/curves', async () => {
    const a = await nativeCurve.keyPair(ab(32));
    const b = await nativeCurve.keyPair(ab(32));
    expect(hex(a.pubKey)).toBe(hex(toArrayBuffer(x25519.getPublicKey(new Uint8Array(a.privKey)))));
    const ab1 = await nativeCurve.sharedSecret(b.pubKey, a.privKey);
    const ab2 = await nativeCurve.sharedSecret(a.pubKey, b.privKey);
    expect(hex(ab1)).toBe(hex(ab2));
    expect(hex(ab1)).toBe(
      hex(
        toArrayBuffer(x25519.getSharedSecret(new Uint8Array(a.privKey), new Uint8Array(b.pubKey))),
      ),
    );
  });

  it('signs as legacy peers verify (sign bit in the signature) and keeps libsignal’s inverted verify contract', async () => {
    // Random identities: about half have the Ed25519 sign bit set, which the signature carries.
    const id = deriveIdentity(generateIdentitySeed());
    const msg = ab(33);
    const sig = await nativeCurve.sign(toArrayBuffer(id.curvePrivate), msg);
    expect(legacySignatureVerify(id.curvePublic, new Uint8Array(msg), new Uint8Array(sig))).toBe(
      true,
    );
    // libsignal's curve contract: verify resolves true when the signature is INVALID.
    expect(await nativeCurve.verify(toArrayBuffer(id.curvePublic), msg, sig)).toBe(false);
    expect(await nativeCurve.verify(toArrayBuffer(id.curvePublic), ab(33), sig)).toBe(true);
  });
});
