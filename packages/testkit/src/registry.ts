import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

/**
 * Every Prosody we started and not yet stopped, with its temp dir.
 *
 * A test that throws before `stop()` (or a runner that exits early) would
 * otherwise leave servers and temp dirs behind; the 'exit' handler is
 * synchronous, so it can only SIGKILL and rmSync, which is all we need.
 */
const live = new Map<ChildProcess, string>();
let hooked = false;

function killAll(): void {
  for (const [child, dir] of live) {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // best effort at exit; nothing more can be done
    }
  }
  live.clear();
}

export function track(child: ChildProcess, dir: string): void {
  if (!hooked) {
    hooked = true;
    process.on('exit', killAll);
  }
  live.set(child, dir);
}

export function untrack(child: ChildProcess): void {
  live.delete(child);
}
