/**
 * Queues events from the backend and applies them together, once per animation frame. A catch-up
 * commits an archive page (hundreds of messages) at once and the backend emits an event per
 * message; applied one by one, each is a store update and a React render of its own, and the
 * frames are late (docs/benchmarks.md, "OMEMO frame times"). Applied as one batch, a frame costs
 * one store update per store and one render.
 */

/** Runs `flush` later; returns a function that cancels it. */
export type FlushScheduler = (flush: () => void) => () => void;

/**
 * The first animation frame at least `minGapMs` after the previous flush, or `maxWaitMs` after
 * that at the latest: a hidden page gets no frames, and its events must still land (the title's
 * unread count, notifications). The gap matters when messages trickle in (an encrypted
 * catch-up decrypts one at a time): each flush renders the timeline and mounts its new rows,
 * so flushing every frame would make every frame a slow one.
 */
export function frameScheduler(
  {
    minGapMs,
    maxWaitMs,
  }: {
    /** A number, or asked at each flush (a catch-up running: a longer gap, see main.tsx). */
    minGapMs: number | (() => number);
    maxWaitMs: number;
  } = {
    minGapMs: 100,
    maxWaitMs: 100,
  },
): FlushScheduler {
  const gapNow = typeof minGapMs === 'number' ? () => minGapMs : minGapMs;
  let last = -Infinity;
  return (flush) => {
    let done = false;
    let frame = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const once = (): void => {
      if (done) return;
      done = true;
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      last = performance.now();
      flush();
    };
    const wait = (): void => {
      frame = requestAnimationFrame(once);
      timer = setTimeout(once, maxWaitMs);
    };
    const gap = last + gapNow() - performance.now();
    let gapTimer: ReturnType<typeof setTimeout> | undefined;
    if (gap > 0) gapTimer = setTimeout(wait, gap);
    else wait();
    return () => {
      done = true;
      clearTimeout(gapTimer);
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  };
}

export interface EventQueue<T> {
  /** Queue one event; with no scheduler it is applied at once. */
  push(event: T): void;
  /** Apply what is queued now, in order (before an event that must not overtake them). */
  flush(): void;
  /** Stop: drop the pending flush (what is queued is applied first). */
  close(): void;
}

/**
 * Events applied in the order pushed, each exactly once, in batches: `apply` gets everything
 * queued since the last flush. Without a scheduler (tests, or a caller that wants no delay),
 * every push is a batch of one.
 */
export function createEventQueue<T>(
  apply: (batch: T[]) => void,
  schedule: FlushScheduler | null,
): EventQueue<T> {
  let queued: T[] = [];
  let cancel: (() => void) | null = null;

  const flush = (): void => {
    cancel?.();
    cancel = null;
    if (queued.length === 0) return;
    const batch = queued;
    queued = [];
    apply(batch);
  };

  return {
    push(event) {
      if (!schedule) {
        apply([event]);
        return;
      }
      queued.push(event);
      cancel ??= schedule(flush);
    },
    flush,
    close() {
      flush();
    },
  };
}
