/**
 * Smoke runs: `pnpm bench --smoke` (run by `pnpm test`) sets BENCH_SMOKE=1 for every bench, which
 * then runs at a tiny size and judges no target. What it proves is that each bench still runs to
 * the end and every message/byte it counts arrives: a bench that crashes, hangs or loses data
 * fails the smoke run. Figures from a smoke run mean nothing.
 */
export const smoke = process.env['BENCH_SMOKE'] === '1';

/** The full size, or the tiny one in a smoke run. */
export function size<T>(full: T, tiny: T): T {
  return smoke ? tiny : full;
}

/** A target's verdict word; a smoke run judges none (so it prints neither PASS nor FAIL). */
export function verdict(ok: boolean): string {
  if (smoke) return 'not judged (smoke run)';
  return ok ? 'PASS' : 'FAIL';
}
