import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Backoff } from './backoff.js';
import { ReconnectPolicy } from './reconnect-policy.js';

const options = { minDelayMs: 1_000, maxDelayMs: 300_000, factor: 1.5, jitter: 0 };

describe('ReconnectPolicy', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('keeps backing off up to the maximum when every link closes right after login', () => {
    const policy = new ReconnectPolicy(new Backoff(options), 60_000);
    const delays: number[] = [];
    for (let i = 0; i < 20; i++) {
      policy.online();
      vi.advanceTimersByTime(1_000); // the server closes a second after login
      policy.activity();
      delays.push(policy.nextDelay());
      vi.advanceTimersByTime(delays.at(-1) ?? 0);
    }
    expect(delays.slice(0, 3)).toEqual([1_000, 1_500, 2_250]);
    expect(delays.at(-1)).toBe(300_000);
  });

  it('starts over after a link stayed up for the healthy time and then answered', () => {
    const policy = new ReconnectPolicy(new Backoff(options), 60_000);
    for (let i = 0; i < 5; i++) policy.nextDelay();
    policy.online();
    vi.advanceTimersByTime(60_000);
    expect(policy.nextDelay()).toBe(Math.round(1_000 * 1.5 ** 5)); // up for a minute but never answered

    policy.online();
    vi.advanceTimersByTime(30_000);
    policy.activity(); // too early to count
    vi.advanceTimersByTime(30_000);
    policy.activity(); // the first answer after the healthy time
    expect(policy.nextDelay()).toBe(1_000);
  });

  it('a manual restart forgets earlier failures', () => {
    const policy = new ReconnectPolicy(new Backoff(options), 60_000);
    policy.nextDelay();
    policy.nextDelay();
    policy.restart();
    expect(policy.nextDelay()).toBe(1_000);
  });
});
