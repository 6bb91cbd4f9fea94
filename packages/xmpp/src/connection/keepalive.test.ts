import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Keepalive } from './keepalive.js';

describe('Keepalive', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('probes after the idle time and declares death when the probe goes unanswered', () => {
    const probe = vi.fn();
    const dead = vi.fn();
    const k = new Keepalive({ idleMs: 60_000, answerMs: 20_000, probe, dead });
    k.start();
    vi.advanceTimersByTime(59_999);
    expect(probe).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(probe).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(19_999);
    expect(dead).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(dead).toHaveBeenCalledTimes(1);
  });

  it('counts any incoming data as an answer', () => {
    const dead = vi.fn();
    const k = new Keepalive({ idleMs: 1_000, answerMs: 500, probe: () => {}, dead });
    k.start();
    vi.advanceTimersByTime(1_400);
    k.activity();
    vi.advanceTimersByTime(1_000 + 400);
    k.activity();
    vi.advanceTimersByTime(900);
    expect(dead).not.toHaveBeenCalled();
    k.stop();
  });

  it('arms the answer clock after a sent stanza, once', () => {
    const dead = vi.fn();
    const k = new Keepalive({ idleMs: 60_000, answerMs: 500, probe: () => {}, dead });
    k.start();
    k.expectAnswer();
    vi.advanceTimersByTime(300);
    k.expectAnswer(); // does not push the deadline back
    vi.advanceTimersByTime(200);
    expect(dead).toHaveBeenCalledTimes(1);
  });
});
