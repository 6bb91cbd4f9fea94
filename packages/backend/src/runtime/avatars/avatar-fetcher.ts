// Fetches the images that addresses announce, one at a time per account, each hash at most once
// while it is cached. Announcements wait in a bounded queue keyed by address (a newer hash
// replaces an older one still waiting), and a hash that failed its checks is not asked for
// again from the same address for a while, so a hostile peer cannot make us fetch in a loop.
import type { AvatarSource } from '@parley/store';
import type { AvatarCheck } from './avatar-image.js';

export interface AvatarWanted {
  jid: string;
  hash: string;
  source: AvatarSource;
  /** Fetches and checks the image (not called when the hash is cached). */
  fetch(): Promise<AvatarCheck>;
}

/** Addresses waiting for a fetch, per account; past this, new announcements wait for the next. */
export const MAX_WAITING = 500;
/** Failed (address, hash) pairs remembered; the oldest is forgotten first. */
const MAX_FAILED = 256;

export class AvatarFetcher {
  private readonly waiting = new Map<string, AvatarWanted>();
  private readonly failed = new Set<string>();
  private running: Promise<void> | null = null;
  /** The (address, hash) being fetched now. */
  private fetching: string | null = null;
  /** How many fetches went to the network (tests check the cache with it). */
  fetches = 0;

  constructor(
    /** Stores `image` for `wanted.jid` if the address still wants it. */
    private readonly accept: (wanted: AvatarWanted, check: AvatarCheck) => void,
  ) {}

  want(wanted: AvatarWanted): void {
    const key = `${wanted.jid} ${wanted.hash}`;
    // The same image announced twice at once (a room's presence and its disco#info): one fetch.
    if (this.failed.has(key) || this.fetching === key) return;
    if (!this.waiting.has(wanted.jid) && this.waiting.size >= MAX_WAITING) return;
    this.waiting.set(wanted.jid, wanted);
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
  }

  /** `jid` wants nothing any more (its avatar was removed meanwhile). */
  forget(jid: string): void {
    this.waiting.delete(jid);
  }

  /** Resolves once nothing waits (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Offline: what waits would be fetched over a session that is gone. */
  clear(): void {
    this.waiting.clear();
  }

  private async drain(): Promise<void> {
    for (;;) {
      const next = this.waiting.entries().next();
      if (next.done) return;
      const [jid, wanted] = next.value;
      this.waiting.delete(jid);
      this.fetches++;
      let check: AvatarCheck;
      this.fetching = `${wanted.jid} ${wanted.hash}`;
      try {
        check = await wanted.fetch();
      } catch (error) {
        check = { rejected: `fetch failed: ${String(error)}` };
      } finally {
        this.fetching = null;
      }
      if ('rejected' in check) this.remember(`${wanted.jid} ${wanted.hash}`);
      this.accept(wanted, check);
    }
  }

  private remember(key: string): void {
    if (this.failed.size >= MAX_FAILED) {
      const oldest = this.failed.values().next().value;
      if (oldest !== undefined) this.failed.delete(oldest);
    }
    this.failed.add(key);
  }
}
