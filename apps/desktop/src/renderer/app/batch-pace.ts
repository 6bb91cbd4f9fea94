import { useAccounts } from '../features/accounts/store';

/** Least time between two batches of message events when no catch-up runs: ~10 a second. */
export const LIVE_GAP_MS = 100;

/**
 * Least time between two batches while an account catches up on what came while it was away.
 * Each batch the open conversation shows costs a few slow frames whatever its size (Virtuoso
 * mounts and measures a screenful of new rows, scrolls, measures again), and a catch-up brings
 * a page every ~0.5 s for as long as it runs (bench/omemo-frames.ts: 10,000 encrypted messages
 * in ~23 s). History shown in steps of 1.5 s reads the same; the step ends with the catch-up.
 */
export const CATCH_UP_GAP_MS = 1_500;

/**
 * A catch-up that has said nothing for this long is no longer paced for: a cut one (the
 * backend retries later and says done only then) must not slow every message meanwhile.
 */
export const CATCH_UP_QUIET_MS = 5_000;

/** Per account: the last history.progress, when it came and whether it said done. */
const progress = new Map<string, { done: boolean; at: number }>();

/** Told of each history.progress event (bootstrap.ts). */
export function noteCatchUp(accountId: string, done: boolean, now = Date.now()): void {
  progress.set(accountId, { done, at: now });
}

/** Whether an online account is in the middle of a catch-up and still moving. */
export function catchingUp(now = Date.now()): boolean {
  const { accounts } = useAccounts.getState();
  for (const [id, last] of progress) {
    if (last.done || now - last.at > CATCH_UP_QUIET_MS) continue;
    if (accounts.some((a) => a.id === id && a.state === 'online')) return true;
  }
  return false;
}

/** The gap for the next batch (event-queue.ts frameScheduler). */
export function batchGap(): number {
  return catchingUp() ? CATCH_UP_GAP_MS : LIVE_GAP_MS;
}
