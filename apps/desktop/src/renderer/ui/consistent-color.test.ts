import { describe, expect, it } from 'vitest';
import { consistentHue } from './consistent-color';
import { sha1 } from './sha1';

const hex = (bytes: Uint8Array): string =>
  [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');

describe('XEP-0392 consistent colour', () => {
  it('matches the hue angles of the XEP test vectors', () => {
    expect(consistentHue('Romeo')).toBeCloseTo(327.255249, 4);
    expect(consistentHue('juliet@capulet.lit')).toBeCloseTo(209.4104, 3);
    expect(consistentHue('😺')).toBeCloseTo(331.199341, 4);
    expect(consistentHue('council')).toBeCloseTo(359.994507, 4);
  });

  it('computes SHA-1 across block boundaries', () => {
    const enc = new TextEncoder();
    const vectors: [string, string][] = [
      ['', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
      ['abc', 'a9993e364706816aba3e25717850c26c9cd0d89d'],
      ['a'.repeat(55), 'c1c8bbdc22796e28c0e15163d20899b65621d65a'],
      ['a'.repeat(56), 'c2db330f6083854c99d4b5bfb6e8f29f201be699'],
      ['a'.repeat(64), '0098ba824b5c16427bd7a1122a5a442a25ec644d'],
      ['ü€😺'.repeat(40), 'a274f1708ecd716829fa3616235d81d7f74c4cab'],
    ];
    for (const [text, digest] of vectors) expect(hex(sha1(enc.encode(text)))).toBe(digest);
  });
});
