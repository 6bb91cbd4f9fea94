import { describe, expect, it } from 'vitest';
import { ProgressMeter } from './progress.js';

describe('ProgressMeter', () => {
  it('reports at most once per interval, whatever the chunk rate', () => {
    let now = 0;
    const meter = new ProgressMeter(100, 2_000, () => now);
    let reports = 0;
    // 10,000 chunks over one second.
    for (let i = 0; i < 10_000; i++) {
      now = i / 10;
      if (meter.add(64)) reports++;
    }
    expect(reports).toBeGreaterThanOrEqual(10);
    expect(reports).toBeLessThanOrEqual(11);
    expect(meter.bytes).toBe(640_000);
  });

  it('measures bytes per second over the recent window and falls to 0 when idle', () => {
    let now = 0;
    const meter = new ProgressMeter(100, 2_000, () => now);
    meter.add(0);
    for (let t = 100; t <= 1_000; t += 100) {
      now = t;
      meter.add(100_000); // 1 MB/s
    }
    expect(meter.rate()).toBe(1_000_000);
    // Slower now: the window forgets the fast start.
    for (let t = 1_100; t <= 5_000; t += 100) {
      now = t;
      meter.add(10_000); // 100 KB/s
    }
    expect(meter.rate()).toBeGreaterThan(90_000);
    expect(meter.rate()).toBeLessThan(110_000);
    now = 8_000;
    expect(meter.rate()).toBe(0);
    meter.reset();
    expect(meter.bytes).toBe(0);
    expect(meter.rate()).toBe(0);
  });

  it('counts time from the start and while nothing moves, so a burst into buffers does not read as speed', () => {
    const MB = 1_000_000;
    let now = 0;
    const meter = new ProgressMeter(100, 5_000, () => now);
    meter.begin();
    // 10 MB taken by the socket within the first second, then it drains at 1 MB/s.
    for (let t = 100; t <= 1_000; t += 100) {
      now = t;
      meter.add(MB);
    }
    now = 4_000;
    // Four seconds in, 10 MB moved: 2.5 MB/s, not the 10 MB/s of the first second.
    expect(meter.rate()).toBe(2_500_000);
    for (let t = 10_000; t <= 20_000; t += 1_000) {
      now = t;
      meter.add(MB);
    }
    // Once the burst is out of the window, the rate is the drain's.
    expect(meter.rate()).toBe(MB);
  });
});
