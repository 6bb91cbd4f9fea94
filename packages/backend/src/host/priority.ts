import { constants, getPriority, setPriority } from 'node:os';

/**
 * The backend's process runs below normal priority: its work (decrypting a catch-up, paging the
 * archive, writing the store) can always wait a few milliseconds, the window's frames cannot.
 * On a two-core machine a catch-up otherwise takes the CPU the compositor needs (bench
 * omemo-frames: frames late while the renderer itself was idle). Where the system refuses, it
 * stays as it is. Returns the priority the process now has.
 */
export function lowerProcessPriority(): number {
  const below = constants.priority.PRIORITY_BELOW_NORMAL;
  try {
    // Only ever lower: a process started lower still (by the user, a bench) stays there.
    if (getPriority() < below) setPriority(below);
  } catch {
    // Not allowed here (a sandbox, a container): normal priority is only slower for the window.
  }
  return getPriority();
}
