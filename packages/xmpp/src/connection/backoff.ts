/** Reconnect delays: exponential, capped, with jitter so that many clients cut off by the same
 * server restart do not all come back in the same second (a thundering herd). */
export interface BackoffOptions {
  minDelayMs: number;
  maxDelayMs: number;
  factor: number;
  /** Fraction of the delay taken off at random (0 = none). */
  jitter?: number;
}

/** min 1 s, ×1.5, max 5 min: close to Conversations' min(25·1.3ⁿ, 300) s but quicker at first. */
export const DEFAULT_BACKOFF: Required<BackoffOptions> = {
  minDelayMs: 1_000,
  maxDelayMs: 300_000,
  factor: 1.5,
  jitter: 0.25,
};

/** Delay before retry number `attempt` (0-based). `random` is injectable for tests. */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const { minDelayMs, maxDelayMs, factor } = options;
  const jitter = clamp(options.jitter ?? DEFAULT_BACKOFF.jitter, 0, 1);
  // Exponent capped so factor ** attempt never overflows to Infinity on long outages.
  const base = Math.min(maxDelayMs, minDelayMs * factor ** Math.min(attempt, 64));
  return Math.max(0, Math.round(base * (1 - jitter * clamp(random(), 0, 1))));
}

export class Backoff {
  private attempt = 0;
  constructor(
    private readonly options: BackoffOptions,
    private readonly random: () => number = Math.random,
  ) {}

  next(): number {
    return backoffDelay(this.attempt++, this.options, this.random);
  }

  reset(): void {
    this.attempt = 0;
  }

  get attempts(): number {
    return this.attempt;
  }
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}
