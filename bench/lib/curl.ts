import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * CPU time (user + system, ms) of this process's children that have ended and been waited for:
 * fields 16 and 17 of /proc/self/stat (Linux, in clock ticks of 10 ms). The difference around a
 * spawnSync is what the child spent, with no extra tool (CI has no /usr/bin/time).
 */
export function endedChildrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  // The command name (field 2) is in parentheses and may hold spaces: count from after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[13]) + Number(fields[14]); // fields[0] is field 3
  return ticks * 10; // USER_HZ is 100 on Linux
}

/**
 * Writes the page cache's dirty pages out now (`sync`), between two timed transfers: a 200 MB
 * file written by the previous one would otherwise be flushed ~30 s later (the kernel's expiry),
 * in the middle of whichever transfer runs then.
 */
export function settleDisk(): void {
  spawnSync('sync', { stdio: 'ignore' });
}

/** Runs curl to the end; its wall time and CPU time. Fails on any HTTP or transfer error. */
export function curl(args: string[]): { ms: number; cpuMs: number } {
  const cpuBefore = endedChildrenCpuMs();
  const started = performance.now();
  const run = spawnSync('curl', ['-sS', '--fail', ...args], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const ms = performance.now() - started;
  if (run.error) throw new Error(`curl could not run: ${run.error.message}`);
  if (run.status !== 0) throw new Error(`curl ${args[0]} failed (${run.status})`);
  return { ms, cpuMs: endedChildrenCpuMs() - cpuBefore };
}
