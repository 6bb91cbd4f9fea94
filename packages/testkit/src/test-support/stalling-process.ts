import { startStallWatchdog } from '../stall-watchdog.js';

/* A process that stops turning: promises resolving each other forever (no timer ever runs). */
startStallWatchdog(Number(process.argv[2] ?? 1_000));
setTimeout(() => {
  const spinForever = (): Promise<void> => Promise.resolve().then(spinForever);
  void spinForever();
}, 300);
