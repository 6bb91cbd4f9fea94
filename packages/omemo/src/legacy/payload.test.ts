import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LegacyOmemoError } from './errors.js';
import { openPayload, sealPayload } from './payload.js';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof LegacyOmemoError) return e.code;
    throw e;
  }
  return 'no error';
}

describe('legacy payload', () => {
  it('seals with AES-128-GCM, a 12-byte IV and key‖tag as key material', () => {
    const sealed = sealPayload(enc('hello'));
    expect(sealed.iv).toHaveLength(12);
    expect(sealed.keyMaterial).toHaveLength(32);
    expect(sealed.payload).toHaveLength(5);
    expect(dec(openPayload(sealed.keyMaterial, sealed.iv, sealed.payload!))).toBe('hello');
  });

  it('opens the older form: a 16-byte key with the tag after the payload', () => {
    const key = randomBytes(16);
    const iv = randomBytes(12);
    const c = createCipheriv('aes-128-gcm', key, iv);
    const payload = Buffer.concat([c.update('old style', 'utf8'), c.final(), c.getAuthTag()]);
    expect(dec(openPayload(new Uint8Array(key), new Uint8Array(iv), new Uint8Array(payload)))).toBe(
      'old style',
    );
  });

  it('makes a KeyTransport: 16 random bytes and no payload', () => {
    const sealed = sealPayload(null);
    expect(sealed.payload).toBeNull();
    expect(sealed.keyMaterial).toHaveLength(16);
  });

  it('refuses a tampered payload, a wrong key length and a too-short payload', () => {
    const sealed = sealPayload(enc('x'));
    const tampered = Uint8Array.from(sealed.payload!);
    tampered[0]! ^= 1;
    expect(codeOf(() => openPayload(sealed.keyMaterial, sealed.iv, tampered))).toBe('bad-payload');
    expect(codeOf(() => openPayload(new Uint8Array(20), sealed.iv, tampered))).toBe('bad-payload');
    expect(codeOf(() => openPayload(new Uint8Array(16), sealed.iv, new Uint8Array(3)))).toBe(
      'bad-payload',
    );
  });
});
