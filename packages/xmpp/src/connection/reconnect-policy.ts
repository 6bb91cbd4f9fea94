import type { Backoff } from './backoff.js';

/**
 * When the reconnect backoff may start over. Resetting it at every successful login let a
 * server that closes right after login, or a store whose writes keep failing (each failure
 * drops the link, see Link.dropUnstored), bring us back about once a second forever. So a link
 * must first prove itself: stay up for `healthyAfterMs` and then show the server still
 * answers (any byte from it; on a quiet link the keepalive's probe after its idle time
 * provokes one). Only then does the next outage start again from the shortest delay.
 */
export class ReconnectPolicy {
  private timer: NodeJS.Timeout | null = null;
  private awaitingAnswer = false;

  constructor(
    private readonly backoff: Backoff,
    private readonly healthyAfterMs: number,
  ) {}

  /** The link is up (logged in or resumed): start the clock. */
  online(): void {
    this.clear();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.awaitingAnswer = true;
    }, this.healthyAfterMs);
    this.timer.unref();
  }

  /** Bytes arrived from the server. */
  activity(): void {
    if (!this.awaitingAnswer) return;
    this.awaitingAnswer = false;
    this.backoff.reset();
  }

  /** The link went down or an attempt failed: how long to wait before the next attempt. */
  nextDelay(): number {
    this.clear();
    return this.backoff.next();
  }

  /** The user started over (stop, then start): no penalty from earlier failures. */
  restart(): void {
    this.clear();
    this.backoff.reset();
  }

  stop(): void {
    this.clear();
  }

  private clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.awaitingAnswer = false;
  }
}
