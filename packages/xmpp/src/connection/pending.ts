import type { Element } from '@xmpp/xml';
import { Deferred } from './deferred.js';
import { SessionError } from './errors.js';

/**
 * Callers waiting on the server: stanzas sent with sendTracked (until stream management acks
 * them) and iq requests (until answered). Both are settled as lost when the session ends
 * without a resume, so callers never wait on a stream that no longer exists.
 */
export class Pending {
  private readonly tracked = new Map<Element, Deferred<void>>();
  private readonly iqs = new Set<Deferred<never>>();

  track(el: Element): Promise<void> {
    const existing = this.tracked.get(el);
    if (existing) return existing.promise;
    const d = new Deferred<void>();
    this.tracked.set(el, d);
    return d.promise;
  }

  /** Still waiting for the server's confirmation. */
  has(el: Element): boolean {
    return this.tracked.has(el);
  }

  untrack(el: Element, err: SessionError): void {
    this.tracked.get(el)?.reject(err);
    this.tracked.delete(el);
  }

  acked(el: Element): void {
    this.tracked.get(el)?.resolve();
    this.tracked.delete(el);
  }

  /** Races `request` against the loss of the session. */
  async iq<T>(request: Promise<T>): Promise<T> {
    const lost = new Deferred<never>();
    this.iqs.add(lost);
    try {
      return await Promise.race([request, lost.promise]);
    } finally {
      this.iqs.delete(lost);
    }
  }

  /** The stream they were sent on is gone for good (fresh session, stop, fatal error). */
  failAll(message: string): void {
    const err = new SessionError('session-lost', message);
    for (const d of this.tracked.values()) d.reject(err);
    this.tracked.clear();
    for (const d of this.iqs) d.reject(err);
    this.iqs.clear();
  }

  get size(): number {
    return this.tracked.size + this.iqs.size;
  }
}
