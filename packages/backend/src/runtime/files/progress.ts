/**
 * Bytes moved and the rate of one transfer, and whether an update is due: a transfer moving
 * 100 MB/s delivers thousands of chunks a second, the renderer needs ten updates.
 *
 * The rate is bytes over elapsed time, smoothed over a window of several seconds, and time
 * counts from the start of the transfer and while nothing moves. Counting from the first
 * chunk over a short window made an upload whose first megabytes vanish into socket and
 * server buffers read 28 MB/s while 30 MB took 45 s: the bytes an upload hands over are only
 * confirmed as the socket drains, and that shows as time passing with no new bytes.
 */
export class ProgressMeter {
  bytes = 0;
  /** Byte counts after each chunk, oldest first; one sample at or before the window stays. */
  private samples: Array<{ at: number; bytes: number }> = [];
  private lastReport = Number.NEGATIVE_INFINITY;

  constructor(
    /** Minimum time between two progress reports. */
    private readonly intervalMs = 100,
    /** The rate is measured over this much recent time, so it follows speed changes. */
    private readonly windowMs = 5_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The transfer starts now (the clock for its rate), with nothing moved yet. */
  begin(): void {
    this.bytes = 0;
    this.samples = [{ at: this.now(), bytes: 0 }];
  }

  /** Counts `n` more bytes; true when a report is due (at most once per interval). */
  add(n: number): boolean {
    const at = this.now();
    if (this.samples.length === 0) this.samples.push({ at, bytes: this.bytes });
    this.bytes += n;
    this.samples.push({ at, bytes: this.bytes });
    this.prune(at);
    if (at - this.lastReport < this.intervalMs) return false;
    this.lastReport = at;
    return true;
  }

  /** Bytes per second over the window (or since the start, if shorter); 0 before any time. */
  rate(): number {
    const at = this.now();
    this.prune(at);
    const first = this.samples[0];
    if (!first) return 0;
    const from = at - this.windowMs;
    // The byte count as it stood when the window opened (or at the start, if later).
    let base = first;
    for (const sample of this.samples) {
      if (sample.at > from) break;
      base = sample;
    }
    const since = Math.max(base.at, from);
    const elapsed = at - since;
    if (elapsed <= 0) return 0;
    return Math.max(0, Math.round(((this.bytes - base.bytes) * 1000) / elapsed));
  }

  /** Starts over (a retry), keeping the report throttle. */
  reset(): void {
    this.bytes = 0;
    this.samples = [];
  }

  /** Drops samples older than the one at or before the window's start: memory stays small. */
  private prune(at: number): void {
    const from = at - this.windowMs;
    while (this.samples.length > 1 && (this.samples[1]?.at ?? at) <= from) this.samples.shift();
  }
}
