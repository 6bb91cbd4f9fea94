/**
 * Bytes moved and the recent rate of one transfer, and whether an update is due: a transfer
 * moving 100 MB/s delivers thousands of chunks a second, the renderer needs ten updates.
 */
export class ProgressMeter {
  bytes = 0;
  private samples: Array<{ at: number; bytes: number }> = [];
  private lastReport = Number.NEGATIVE_INFINITY;

  constructor(
    /** Minimum time between two progress reports. */
    private readonly intervalMs = 100,
    /** The rate is measured over this much recent time, so it follows speed changes. */
    private readonly windowMs = 2_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts `n` more bytes; true when a report is due (at most once per interval). */
  add(n: number): boolean {
    this.bytes += n;
    const at = this.now();
    this.samples.push({ at, bytes: this.bytes });
    // Keep one sample older than the window so the rate spans all of it.
    while (this.samples.length > 2 && (this.samples[1]?.at ?? at) <= at - this.windowMs) {
      this.samples.shift();
    }
    if (at - this.lastReport < this.intervalMs) return false;
    this.lastReport = at;
    return true;
  }

  /** Bytes per second over the window; 0 when nothing moved in it. */
  rate(): number {
    const at = this.now();
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || at - last.at > this.windowMs) return 0;
    const elapsed = Math.max(at - first.at, 1);
    return Math.max(0, Math.round(((last.bytes - first.bytes) * 1000) / elapsed));
  }

  /** Starts over (a retry), keeping the report throttle. */
  reset(): void {
    this.bytes = 0;
    this.samples = [];
  }
}
