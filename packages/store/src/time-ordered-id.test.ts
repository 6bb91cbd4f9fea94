import { describe, expect, it } from 'vitest';
import { timeOrderedId } from './time-ordered-id.js';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('timeOrderedId', () => {
  it('is a version 7 UUID carrying the time in its first 48 bits', () => {
    const id = timeOrderedId(0x0123_4567_89ab);
    expect(id).toMatch(V7);
    expect(id.slice(0, 13)).toBe('01234567-89ab');
  });

  it('sorts by time, so index inserts append instead of scattering', () => {
    const ids = Array.from({ length: 200 }, (_, i) => timeOrderedId(1_700_000_000_000 + i));
    expect([...ids].sort()).toEqual(ids);
  });

  it('stays unique within one millisecond', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => timeOrderedId(1_700_000_000_000)));
    expect(ids.size).toBe(1000);
  });
});
