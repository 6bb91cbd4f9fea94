// One ordered line per account from build to send. A transform may be asynchronous
// (encryption awaits sessions, bundles, crypto), yet whatever the account queues leaves in the
// order it was queued: a correction never overtakes its message, a chat state never overtakes
// the message it follows. Each stanza is prepared in its turn and handed to the session before
// the next one is prepared; nobody waits for acks here.
import type { Element } from '../stanza.js';
import { isPromise } from './pipeline.js';
import { OutgoingRefused, asRefusal } from './refusal.js';

/** What preparing one stanza gave: it, nothing to send now (held back), or a refusal. */
export type Prepared =
  | { kind: 'ready'; stanza: Element }
  | { kind: 'held' }
  | { kind: 'refused'; refusal: OutgoingRefused };

/** Builds and transforms the stanza in its turn; null holds it back (nothing is sent). */
export type PrepareStep = () => Element | null | Promise<Element | null>;
/**
 * Takes the outcome in order. It must start the send before it returns (Session.send and
 * sendTracked hand the stanza to the stream synchronously), or the next one could pass it.
 */
export type SettleStep = (prepared: Prepared) => void;

/** How long one stanza may take to prepare before it is refused (a hung transform). */
export const PREPARE_TIMEOUT_MS = 60_000;

export class OutgoingSequence {
  /** The last queued step's completion; it never rejects. */
  private tail: Promise<void> = Promise.resolve();
  /** Steps queued and not yet settled. */
  private waiting = 0;

  constructor(
    private readonly onBug: (error: unknown) => void = (error) =>
      console.error('[parley] outgoing settle step failed', error),
    /** A transform that never answers must not hold the account's sending forever. */
    private readonly timeoutMs = PREPARE_TIMEOUT_MS,
  ) {}

  /** Nothing is waiting: a stanza queued now is prepared at once. */
  get idle(): boolean {
    return this.waiting === 0;
  }

  /**
   * Queues one stanza. While the line is idle and every transform answers synchronously it is
   * prepared and settled right here, before push returns (the path of today, no promise).
   */
  push(prepare: PrepareStep, settle: SettleStep): void {
    if (this.waiting === 0) {
      const now = attempt(prepare, this.timeoutMs);
      if (!isPromise(now)) {
        this.settle(settle, now);
        return;
      }
      this.track(now.then((prepared) => this.settle(settle, prepared)));
      return;
    }
    this.track(
      this.tail.then(async () => this.settle(settle, await attempt(prepare, this.timeoutMs))),
    );
  }

  /** Resolves once everything queued so far is settled (for tests and shutdown). */
  drained(): Promise<void> {
    return this.tail;
  }

  private track(step: Promise<void>): void {
    this.waiting++;
    this.tail = step.finally(() => {
      this.waiting--;
    });
  }

  private settle(settle: SettleStep, prepared: Prepared): void {
    try {
      settle(prepared);
    } catch (error) {
      // A bug in a caller's step must not stall everything queued after it.
      this.onBug(error);
    }
  }
}

/**
 * Runs one prepare step; never throws or rejects: a failure is a refusal (fail closed), and so
 * is a step still unanswered after `timeoutMs` (whatever it answers later is ignored).
 */
function attempt(prepare: PrepareStep, timeoutMs: number): Prepared | Promise<Prepared> {
  try {
    const out = prepare();
    if (!isPromise(out)) return toPrepared(out);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<Prepared>((resolve) => {
      const words = `It took longer than ${Math.round(timeoutMs / 1000)} s to prepare`;
      timer = setTimeout(
        () => resolve(refused(new OutgoingRefused(words, 'not-prepared'))),
        timeoutMs,
      );
      // Never what keeps the process alive on shutdown.
      timer.unref();
    });
    const done = out.then(toPrepared, (error: unknown) => refused(error));
    return Promise.race([done, timeout]).finally(() => clearTimeout(timer));
  } catch (error) {
    return refused(error);
  }
}

function toPrepared(stanza: Element | null): Prepared {
  return stanza ? { kind: 'ready', stanza } : { kind: 'held' };
}

function refused(error: unknown): Prepared {
  return { kind: 'refused', refusal: asRefusal(error) };
}
