/**
 * One fault scenario of the harness (bench/fault/run.ts). Each runs against real parts (a
 * Prosody from the testkit, the real backend and store) and reports its figures in one line.
 */
export type FaultSize = 'smoke' | 'full';

export interface FaultOutcome {
  /** True when every figure is within what the scenario requires (0 lost, bounded, ...). */
  ok: boolean;
  /** One line of figures, e.g. "10000 msgs, 100 cuts: 0 lost, 0 dup, 0 inversions". */
  summary: string;
}

export interface FaultScenario {
  /** Short, kebab-case; selects it on the command line. */
  name: string;
  /** 'smoke' must finish in well under two minutes on 2 cores (CI runs it in `pnpm test`). */
  run(size: FaultSize): Promise<FaultOutcome>;
}
