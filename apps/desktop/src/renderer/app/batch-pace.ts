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

/** Whether an online account is in the middle of a catch-up (history.progress not done). */
export function catchingUp(): boolean {
  const { history, accounts } = useAccounts.getState();
  return Object.entries(history).some(
    ([id, progress]) => !progress.done && accounts.some((a) => a.id === id && a.state === 'online'),
  );
}

/** The gap for the next batch (event-queue.ts frameScheduler). */
export function batchGap(): number {
  return catchingUp() ? CATCH_UP_GAP_MS : LIVE_GAP_MS;
}
