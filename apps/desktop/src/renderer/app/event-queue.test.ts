import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEventQueue, frameScheduler, type FlushScheduler } from './event-queue';

/** A scheduler the test drives: `run()` is the next frame. */
function manual() {
  let pending: (() => void) | null = null;
  let scheduled = 0;
  const schedule: FlushScheduler = (flush) => {
    scheduled++;
    pending = flush;
    return () => {
      pending = null;
    };
  };
  const run = (): void => {
    const flush = pending;
    pending = null;
    flush?.();
  };
  return { schedule, run, scheduled: () => scheduled, pending: () => pending !== null };
}

describe('event queue', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('applies everything pushed before a frame as one batch, in order, once', () => {
    const frames = manual();
    const batches: number[][] = [];
    const queue = createEventQueue<number>((b) => batches.push(b), frames.schedule);
    for (let i = 0; i < 250; i++) queue.push(i);
    expect(batches).toEqual([]);
    expect(frames.scheduled()).toBe(1);
    frames.run();
    expect(batches).toHaveLength(1);
    expect(batches[0]).toEqual(Array.from({ length: 250 }, (_, i) => i));
    // Nothing queued: a later frame applies nothing again.
    frames.run();
    expect(batches).toHaveLength(1);
    queue.push(250);
    frames.run();
    expect(batches).toEqual([batches[0], [250]]);
  });

  it('flush applies what is queued now and cancels the pending frame', () => {
    const frames = manual();
    const applied: string[] = [];
    const queue = createEventQueue<string>((b) => applied.push(...b), frames.schedule);
    queue.push('a');
    queue.push('b');
    queue.flush();
    expect(applied).toEqual(['a', 'b']);
    expect(frames.pending()).toBe(false);
    queue.push('c');
    queue.close();
    expect(applied).toEqual(['a', 'b', 'c']);
  });

  it('without a scheduler applies each event at once', () => {
    const applied: number[][] = [];
    const queue = createEventQueue<number>((b) => applied.push(b), null);
    queue.push(1);
    queue.push(2);
    expect(applied).toEqual([[1], [2]]);
  });

  it('frameScheduler flushes on the next frame, or after maxWait when no frame comes', () => {
    vi.useFakeTimers();
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => frames.push(cb));
    vi.stubGlobal('cancelAnimationFrame', () => undefined);
    const applied: number[] = [];
    const queue = createEventQueue<number>(
      (b) => applied.push(...b),
      frameScheduler({ minGapMs: 0, maxWaitMs: 100 }),
    );

    queue.push(1);
    expect(frames).toHaveLength(1);
    frames[0]!(0);
    expect(applied).toEqual([1]);
    // The timer of that flush does not apply anything twice.
    vi.advanceTimersByTime(200);
    expect(applied).toEqual([1]);

    // A hidden page gets no frames: the timer applies the events (flush on idle).
    queue.push(2);
    queue.push(3);
    vi.advanceTimersByTime(99);
    expect(applied).toEqual([1]);
    vi.advanceTimersByTime(1);
    expect(applied).toEqual([1, 2, 3]);
    // Its frame coming late does not apply them again.
    frames[1]!(0);
    expect(applied).toEqual([1, 2, 3]);
  });

  it('frameScheduler waits minGapMs after a flush before the next one', () => {
    vi.useFakeTimers();
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => frames.push(cb));
    vi.stubGlobal('cancelAnimationFrame', () => undefined);
    const applied: number[][] = [];
    const queue = createEventQueue<number>(
      (b) => applied.push(b),
      frameScheduler({ minGapMs: 100, maxWaitMs: 100 }),
    );
    queue.push(1);
    frames.shift()!(0);
    expect(applied).toEqual([[1]]);
    // Trickling in right after: no frame is asked for until the gap has passed.
    queue.push(2);
    vi.advanceTimersByTime(50);
    queue.push(3);
    expect(frames).toHaveLength(0);
    vi.advanceTimersByTime(50);
    expect(frames).toHaveLength(1);
    frames.shift()!(0);
    expect(applied).toEqual([[1], [2, 3]]);
  });
});
