import { afterEach, describe, expect, it, vi } from 'vitest';

const sequence: number[] = [];
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  return {
    ...real,
    randomInt: (min: number, max: number) => sequence.shift() ?? real.randomInt(min, max),
  };
});

const { allocatePreKeyIds, generateDeviceId, isValidDeviceId, MAX_DEVICE_ID } =
  await import('./ids.js');

afterEach(() => {
  sequence.length = 0;
});

describe('device ids', () => {
  it('are in 1..2^31-1', () => {
    for (let i = 0; i < 2000; i++) {
      const id = generateDeviceId();
      expect(Number.isInteger(id)).toBe(true);
      expect(id).toBeGreaterThanOrEqual(1);
      expect(id).toBeLessThanOrEqual(MAX_DEVICE_ID);
    }
    expect(isValidDeviceId(0)).toBe(false);
    expect(isValidDeviceId(2 ** 31)).toBe(false);
    expect(isValidDeviceId(1.5)).toBe(false);
  });

  it('avoid ids already in the device list', () => {
    sequence.push(42, 42, 7, 99);
    expect(generateDeviceId([42, 7])).toBe(99);
  });

  it('give up with an error instead of looping forever', () => {
    sequence.push(...Array.from({ length: 100 }, () => 5));
    expect(() => generateDeviceId([5])).toThrow(/device id/);
  });
});

describe('prekey ids', () => {
  it('grow from the stored counter and are never handed out twice', () => {
    const first = allocatePreKeyIds(1, 100);
    expect(first.ids[0]).toBe(1);
    expect(first.ids.at(-1)).toBe(100);
    const second = allocatePreKeyIds(first.next, 3);
    expect(second.ids).toEqual([101, 102, 103]);
    expect(second.next).toBe(104);
    expect(() => allocatePreKeyIds(0, 1)).toThrow(RangeError);
    expect(() => allocatePreKeyIds(2 ** 31 - 1, 2)).toThrow(/exhausted/);
  });
});
