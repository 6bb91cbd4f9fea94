import type { ConsoleEntry } from '@parley/contract';
import { describe, expect, it } from 'vitest';
import { appendEntries, MAX_KEPT, matches, NO_FILTER } from './console-filter';

const entry = (seq: number, over: Partial<ConsoleEntry> = {}): ConsoleEntry => ({
  seq,
  at: 0,
  direction: 'in',
  kind: 'message',
  xml: `<message id="${seq}"/>`,
  ...over,
});

describe('console filter', () => {
  it('filters by direction, kind and text (case-insensitive)', () => {
    const e = entry(1, { direction: 'out', kind: 'iq', xml: '<iq><Ping/></iq>' });
    expect(matches(e, NO_FILTER)).toBe(true);
    expect(matches(e, { ...NO_FILTER, direction: 'in' })).toBe(false);
    expect(matches(e, { ...NO_FILTER, kind: 'presence' })).toBe(false);
    expect(matches(e, { ...NO_FILTER, text: 'ping' })).toBe(true);
    expect(matches(e, { ...NO_FILTER, text: 'pong' })).toBe(false);
  });

  it('keeps at most MAX_KEPT entries, the newest', () => {
    const many = Array.from({ length: MAX_KEPT + 5 }, (_, i) => entry(i));
    const kept = appendEntries([], many);
    expect(kept.length).toBe(MAX_KEPT);
    expect(kept[0]?.seq).toBe(5);
  });
});
