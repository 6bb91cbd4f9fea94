import type { WriteSink } from './message-pipeline.js';

/** Edits kept waiting for their original, per account: a page or two of history is plenty. */
const maxWaiting = 500;

/** Tries an edit again, into a write sink, once its original may be stored. */
export type EditRetry = (sink: WriteSink) => void;

/**
 * Corrections and retractions from an archive page that came before their original: history is
 * fetched newest page first, so a correction can be read a page before the message it changes.
 * They wait here (in memory, bounded, oldest dropped first) until a message with the id they name
 * passes through the pipeline; then they are tried again, with every check, after that message's
 * commit. One never matched is simply dropped with the session.
 */
export class OrphanEdits {
  private readonly waiting = new Map<string, EditRetry[]>();
  private size = 0;

  private static key(peer: string, ref: string): string {
    return `${peer}\u0000${ref}`;
  }

  keep(peer: string, ref: string, retry: EditRetry): void {
    while (this.size >= maxWaiting) {
      const oldest = this.waiting.keys().next().value as string;
      this.size -= this.waiting.get(oldest)?.length ?? 0;
      this.waiting.delete(oldest);
    }
    const key = OrphanEdits.key(peer, ref);
    const list = this.waiting.get(key) ?? [];
    list.push(retry);
    this.waiting.set(key, list);
    this.size += 1;
  }

  /** The edits waiting for a message of `peer` known by any of `ids`; they stop waiting. */
  take(peer: string, ids: ReadonlyArray<string | null>): EditRetry[] {
    if (this.size === 0) return [];
    const found: EditRetry[] = [];
    for (const id of ids) {
      if (!id) continue;
      const key = OrphanEdits.key(peer, id);
      const list = this.waiting.get(key);
      if (!list) continue;
      this.waiting.delete(key);
      this.size -= list.length;
      found.push(...list);
    }
    return found;
  }
}
