import { startStallWatchdog } from './stall-watchdog.js';

/* Every Vitest process: a test thread that stops turning fails the run with its stack instead of
   hanging it (see stall-watchdog.ts). Longer than any test's own timeout. */
startStallWatchdog(Number(process.env.PARLEY_STALL_MS) || 90_000);
