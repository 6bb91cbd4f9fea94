/**
 * OMEMO device ids and prekey ids. Device ids are random in 1..2^31−1 and must not collide with
 * an id already in the account's device list (XEP-0384 §Setup); libsignal's own
 * generateRegistrationId gives only 14 bits and can give 0, so it is never used.
 * Prekey ids only ever grow: a consumed prekey's id is never handed out again (Profanity lost
 * messages by regenerating a prekey under a used id, profanity PR #2137).
 */
import { randomInt } from 'node:crypto';

export const MAX_DEVICE_ID = 2 ** 31 - 1;
export const MAX_PREKEY_ID = 2 ** 31 - 1;
const MAX_ATTEMPTS = 64;

export function isValidDeviceId(id: number): boolean {
  return Number.isInteger(id) && id >= 1 && id <= MAX_DEVICE_ID;
}

/** A fresh device id not in `taken` (the account's current device list). */
export function generateDeviceId(taken: Iterable<number> = []): number {
  const used = new Set(taken);
  for (let i = 0; i < MAX_ATTEMPTS; i++) {
    // randomInt's upper bound is exclusive.
    const id = randomInt(1, MAX_DEVICE_ID + 1);
    if (!used.has(id)) return id;
  }
  throw new Error('no free OMEMO device id found (device list implausibly full)');
}

/**
 * `count` new prekey ids starting at `next` (the stored counter, 1 for a new account), and the
 * counter to store afterwards.
 */
export function allocatePreKeyIds(next: number, count: number): { ids: number[]; next: number } {
  if (!Number.isInteger(next) || next < 1) throw new RangeError('prekey id counter starts at 1');
  if (!Number.isInteger(count) || count < 0) throw new RangeError('prekey count must be ≥ 0');
  if (next + count - 1 > MAX_PREKEY_ID) throw new RangeError('prekey ids exhausted');
  const ids = Array.from({ length: count }, (_, i) => next + i);
  return { ids, next: next + count };
}
