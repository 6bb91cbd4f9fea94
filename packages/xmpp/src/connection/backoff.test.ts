import { describe, expect, it } from 'vitest';
import { Backoff, DEFAULT_BACKOFF, backoffDelay } from './backoff.js';

describe('backoff', () => {
  const noJitter = { ...DEFAULT_BACKOFF, jitter: 0 };

  it('grows by the factor from the minimum and stops at the maximum', () => {
    const delays = Array.from({ length: 20 }, (_, n) => backoffDelay(n, noJitter));
    expect(delays.slice(0, 5)).toEqual([1000, 1500, 2250, 3375, 5063]);
    expect(delays.at(-1)).toBe(300_000);
    for (let i = 1; i < delays.length; i++)
      expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1] as number);
  });

  it('takes at most the jitter fraction off, never adds', () => {
    expect(backoffDelay(0, DEFAULT_BACKOFF, () => 0)).toBe(1000);
    expect(backoffDelay(0, DEFAULT_BACKOFF, () => 0.999999)).toBe(750);
    expect(backoffDelay(100, DEFAULT_BACKOFF, () => 0.5)).toBe(262_500);
  });

  it('survives very long outages without overflowing', () => {
    expect(backoffDelay(10_000, noJitter)).toBe(300_000);
  });

  it('restarts from the minimum after reset', () => {
    const b = new Backoff({ minDelayMs: 10, maxDelayMs: 100, factor: 2, jitter: 0 });
    expect([b.next(), b.next(), b.next(), b.next(), b.next()]).toEqual([10, 20, 40, 80, 100]);
    b.reset();
    expect(b.next()).toBe(10);
  });
});
