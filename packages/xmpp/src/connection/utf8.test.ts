import { describe, expect, it } from 'vitest';
import { Utf8StreamDecoder } from './utf8.js';

describe('Utf8StreamDecoder', () => {
  it('keeps a 4-byte emoji intact when records split it at every possible byte', () => {
    const bytes = Buffer.from('<body>hi 😀 é</body>', 'utf8');
    const emojiAt = bytes.indexOf(Buffer.from('😀'));
    for (let cut = emojiAt + 1; cut < emojiAt + 4; cut++) {
      const d = new Utf8StreamDecoder();
      const text = d.write(bytes.subarray(0, cut)) + d.write(bytes.subarray(cut));
      expect(text).toBe('<body>hi 😀 é</body>');
      expect(text).not.toContain('\uFFFD');
    }
  });

  it('survives one byte per chunk', () => {
    const d = new Utf8StreamDecoder();
    const src = 'ж😀中𝄞';
    let out = '';
    for (const b of Buffer.from(src)) out += d.write(Buffer.from([b]));
    expect(out).toBe(src);
  });

  it('shows what per-chunk toString (the stock behaviour) would have done', () => {
    const bytes = Buffer.from('😀');
    expect(bytes.subarray(0, 2).toString('utf8') + bytes.subarray(2).toString('utf8')).toContain(
      '\uFFFD',
    );
  });

  it('passes strings through and flushes an incomplete tail on reset', () => {
    const d = new Utf8StreamDecoder();
    expect(d.write('abc')).toBe('abc');
    expect(d.write(Buffer.from('😀').subarray(0, 2))).toBe('');
    expect(d.reset()).toBe('\uFFFD');
    expect(d.write(Buffer.from('ok'))).toBe('ok');
  });
});
