import { describe, expect, it } from 'vitest';
import { AsyncCurve25519Wrapper } from '@privacyresearch/curve25519-typescript';
import vectors from '../test-vectors/identity.json' with { type: 'json' };
import {
  deriveIdentity,
  generateIdentitySeed,
  legacyEd25519Identity,
  legacySign,
  legacySignatureVerify,
  withDjbType,
  xeddsaSign,
  xeddsaVerify,
} from './identity.js';

const hex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const ab = (b: Uint8Array): ArrayBuffer => Uint8Array.from(b).buffer;

describe('identity from an Ed25519 seed (vectors from python xeddsa)', () => {
  it.each(vectors.vectors.map((v, i) => [i, v] as const))(
    'vector %i: same keys as python',
    (_i, v) => {
      const id = deriveIdentity(hex(v.seed));
      expect(toHex(id.ed25519Public)).toBe(v.ed25519Public);
      expect(toHex(id.curvePrivate)).toBe(v.curvePrivate);
      expect(toHex(id.curvePublic)).toBe(v.curvePublic);
      expect(toHex(id.curvePublicPrefixed)).toBe('05' + v.curvePublic);
    },
  );

  it.each(vectors.vectors.map((v, i) => [i, v] as const))(
    'vector %i: our XEdDSA signature equals python’s for the same nonce, and verifies',
    (_i, v) => {
      const id = deriveIdentity(hex(v.seed));
      const sig = xeddsaSign(id.curvePrivate, hex(v.message), hex(v.nonce));
      expect(toHex(sig)).toBe(v.signature);
      expect(xeddsaVerify(hex(v.curvePublic), hex(v.message), hex(v.signature))).toBe(true);
      expect(legacySignatureVerify(hex(v.curvePublic), hex(v.message), hex(v.signature))).toBe(
        true,
      );
    },
  );

  it.each(vectors.vectors.map((v, i) => [i, v] as const))(
    'vector %i: our legacy signature equals python-oldmemo’s published one and names our Ed25519 key',
    (_i, v) => {
      const id = deriveIdentity(hex(v.seed));
      const sig = legacySign(id.curvePrivate, hex(v.message), hex(v.nonce));
      expect(toHex(sig)).toBe(v.legacySignature);
      expect(sig[63]! & 0x80).toBe(v.edSignBit << 7);
      expect(legacySignatureVerify(id.curvePublic, hex(v.message), sig)).toBe(true);
      // What python-oldmemo stores as our identity: the OMEMO 2 key, for either sign bit.
      expect(toHex(legacyEd25519Identity(id.curvePublicPrefixed, sig)!)).toBe(v.ed25519Public);
    },
  );

  it('a plain XEdDSA signature with the sign bit set on top does not verify (sign bit 1)', () => {
    const signBitOne = vectors.vectors.filter((v) => v.edSignBit === 1);
    expect(signBitOne.length).toBeGreaterThan(0);
    for (const v of signBitOne) {
      const marked = hex(v.signature);
      marked[63]! |= 0x80;
      expect(legacySignatureVerify(hex(v.curvePublic), hex(v.message), marked)).toBe(false);
      // Unmarked, it names the negated key: what python stored for us before.
      expect(toHex(legacyEd25519Identity(hex(v.curvePublic), hex(v.signature))!)).not.toBe(
        v.ed25519Public,
      );
    }
  });

  it('legacy signatures verify in libsignal’s curve25519_verify (Conversations, Dino) for both sign bits', async () => {
    // The library's default asm.js curve is libsignal-c's curve25519_verify; true means INVALID.
    const curve = new AsyncCurve25519Wrapper();
    const bits = new Set<number>();
    for (const v of vectors.vectors) {
      const id = deriveIdentity(hex(v.seed));
      const msg = withDjbType(deriveIdentity(hex(v.nonce).subarray(0, 32)).curvePublic);
      const sig = legacySign(id.curvePrivate, msg);
      bits.add(sig[63]! >> 7);
      expect(await curve.verify(ab(id.curvePublic), ab(msg), ab(sig))).toBe(false);
      const bad = Uint8Array.from(sig);
      bad[63]! ^= 0x80;
      expect(await curve.verify(ab(id.curvePublic), ab(msg), ab(bad))).toBe(true);
      expect(legacySignatureVerify(id.curvePublic, msg, bad)).toBe(false);
    }
    expect(bits).toEqual(new Set([0, 1]));
  });

  it('covers both Edwards sign bits in the vectors', () => {
    expect(new Set(vectors.vectors.map((v) => v.edSignBit))).toEqual(new Set([0, 1]));
  });

  it('rejects a changed message, key or signature', () => {
    const id = deriveIdentity(generateIdentitySeed());
    const other = deriveIdentity(generateIdentitySeed());
    const msg = new TextEncoder().encode('signed prekey');
    const sig = xeddsaSign(id.curvePrivate, msg);
    expect(xeddsaVerify(id.curvePublic, msg, sig)).toBe(true);
    expect(xeddsaVerify(other.curvePublic, msg, sig)).toBe(false);
    expect(xeddsaVerify(id.curvePublic, new TextEncoder().encode('signed prekeY'), sig)).toBe(
      false,
    );
    const flipped = Uint8Array.from(sig);
    flipped[10]! ^= 1;
    expect(xeddsaVerify(id.curvePublic, msg, flipped)).toBe(false);
    expect(legacySignatureVerify(id.curvePublic, msg, flipped)).toBe(false);
    expect(xeddsaVerify(id.curvePublic, msg, sig.subarray(0, 63))).toBe(false);
  });

  it('is verified by libsignal-protocol-typescript’s own curve25519 verify', async () => {
    // The library's default asm.js curve (what setCurve replaces); it resolves true when INVALID.
    const curve = new AsyncCurve25519Wrapper();
    for (let i = 0; i < 12; i++) {
      const id = deriveIdentity(generateIdentitySeed());
      const msg = withDjbType(deriveIdentity(generateIdentitySeed()).curvePublic);
      const sig = xeddsaSign(id.curvePrivate, msg);
      expect(await curve.verify(ab(id.curvePublic), ab(msg), ab(sig))).toBe(false);
      const bad = Uint8Array.from(sig);
      bad[0]! ^= 1;
      expect(await curve.verify(ab(id.curvePublic), ab(msg), ab(bad))).toBe(true);
    }
  });

  it('accepts the library’s older curve25519_sign signatures for legacy bundles', async () => {
    const curve = new AsyncCurve25519Wrapper();
    let signBitSeen = false;
    for (let i = 0; i < 16; i++) {
      const pair = await curve.keyPair(ab(deriveIdentity(generateIdentitySeed()).curvePrivate));
      const msg = new Uint8Array(33).fill(i);
      const sig = new Uint8Array(await curve.sign(pair.privKey, ab(msg)));
      signBitSeen ||= (sig[63]! & 0x80) !== 0;
      expect(legacySignatureVerify(new Uint8Array(pair.pubKey), msg, sig)).toBe(true);
    }
    // With 16 keys the sign bit is set in some signature with overwhelming probability.
    expect(signBitSeen).toBe(true);
  });
});
