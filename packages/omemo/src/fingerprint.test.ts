import { describe, expect, it } from 'vitest';
import vectors from '../test-vectors/identity.json' with { type: 'json' };
import {
  formatFingerprint,
  formatFingerprintFromEd25519,
  fingerprintGroups,
} from './fingerprint.js';
import { withDjbType } from './identity.js';

const hex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));

describe('fingerprint', () => {
  it('is the Curve25519 key in 8 lowercase groups of 8 hex digits', () => {
    const v = vectors.vectors[0]!;
    const fp = formatFingerprint(hex(v.curvePublic));
    expect(fp).toMatch(/^([0-9a-f]{8} ){7}[0-9a-f]{8}$/);
    expect(fp.replaceAll(' ', '')).toBe(v.curvePublic);
    expect(fingerprintGroups(hex(v.curvePublic))).toHaveLength(8);
  });

  it('is the same for the 0x05 form and for the OMEMO 2 Ed25519 key', () => {
    for (const v of vectors.vectors) {
      const fp = formatFingerprint(hex(v.curvePublic));
      expect(formatFingerprint(withDjbType(hex(v.curvePublic)))).toBe(fp);
      expect(formatFingerprintFromEd25519(hex(v.ed25519Public))).toBe(fp);
    }
  });

  it('refuses a key of the wrong length', () => {
    expect(() => formatFingerprint(new Uint8Array(31))).toThrow(RangeError);
  });
});
