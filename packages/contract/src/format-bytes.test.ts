import { describe, expect, it } from 'vitest';
import { byteUnit, formatAmount, formatBytes } from './format-bytes.js';

const KB = 1024;
const MB = 1024 * KB;

describe('formatBytes (one wording for the renderer and the backend)', () => {
  it.each([
    [0, '0 bytes'],
    [1, '1 byte'],
    [900, '900 bytes'],
    [1023, '1023 bytes'],
    [1024, '1 KB'],
    [1536, '1.5 KB'],
    [9.96 * KB, '10 KB'],
    [64 * MB, '64 MB'],
    [19.5 * KB, '19.5 KB'],
    // Rounded up to "1024 KB" it reads as the next unit.
    [MB - 1, '1 MB'],
    [5 * MB, '5 MB'],
    [12_900_000, '12.3 MB'],
    [2.25 * 1024 * MB, '2.3 GB'],
    [3 * 1024 ** 4, '3 TB'],
    [5000 * 1024 ** 4, '5000 TB'],
    [Number.NaN, '0 bytes'],
    [-5, '0 bytes'],
    [Number.POSITIVE_INFINITY, '0 bytes'],
  ])('%d → %s', (n, text) => {
    expect(formatBytes(n)).toBe(text);
  });

  it('writes a part in the unit of the whole ("3.2 of 10 MB")', () => {
    expect(formatAmount(Math.ceil(3.2 * MB), byteUnit(10 * MB))).toBe('3.2');
    expect(formatAmount(512 * KB, byteUnit(10 * MB))).toBe('0.5');
  });
});
