import type { Store } from '@parley/store';

export interface SearchIndexerOptions {
  /** How often the queue is looked at. */
  intervalMs?: number;
  /** Messages indexed per turn (one short transaction). */
  batch?: number;
  /** A queue this long is indexed even while messages keep arriving. */
  backlog?: number;
}

/**
 * Indexes stored messages for search in the background (they are queued when stored, see
 * migration 0008), keeping the work off the receive path: while the queue grows (a burst of
 * messages is arriving) it waits, unless the backlog is large; when quiet it indexes a batch per
 * turn. A search indexes what is left itself, so nothing depends on this having run.
 */
export class SearchIndexer {
  readonly #store: Store;
  readonly #timer: ReturnType<typeof setInterval>;
  readonly #batch: number;
  readonly #backlog: number;
  #lastLength = 0;

  constructor(
    store: Store,
    { intervalMs = 250, batch = 500, backlog = 50_000 }: SearchIndexerOptions = {},
  ) {
    this.#store = store;
    this.#batch = batch;
    this.#backlog = backlog;
    this.#timer = setInterval(() => this.tick(), intervalMs);
    this.#timer.unref();
  }

  /** One turn; returns how many messages it indexed. */
  tick(): number {
    try {
      const length = this.#store.messageSearch.unindexed();
      const arriving = length > this.#lastLength;
      this.#lastLength = length;
      if (length === 0 || (arriving && length < this.#backlog)) return 0;
      const done = this.#store.messageSearch.indexPending(this.#batch);
      this.#lastLength = length - done;
      return done;
    } catch (error) {
      // A locked or closing store: the next turn (or the next search) tries again.
      console.warn(`[parley] search indexing failed: ${String(error)}`);
      return 0;
    }
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
