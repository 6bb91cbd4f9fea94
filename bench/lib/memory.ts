import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// The bench runs under `node --import tsx` without --expose-gc; V8 still accepts the flag at run
// time, and a fresh context then has `gc`.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** This process's heap after a full GC, and its RSS. */
export function memoryAfterGc(): { heap: number; rss: number } {
  gc();
  gc(); // a second pass collects what the first one's finalizers released
  const { heapUsed, rss } = process.memoryUsage();
  return { heap: heapUsed, rss };
}

/** Resident set size of another process (Linux /proc), or NaN where it cannot be read. */
export function rssOf(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/**
 * The parts of another process's RSS (Linux /proc): anonymous memory (heaps, malloc arenas),
 * file-backed pages (mapped code, mmap'd files) and shared memory (e.g. SQLite's WAL index).
 */
export function rssPartsOf(pid: number | undefined): { anon: number; file: number; shmem: number } {
  const none = { anon: NaN, file: NaN, shmem: NaN };
  if (pid === undefined) return none;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) =>
      Number(new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { anon: kb('RssAnon'), file: kb('RssFile'), shmem: kb('RssShmem') };
  } catch {
    return none;
  }
}
