import type { Session } from '@parley/xmpp';
import type { WriteBatch, WriteOp } from './write-batch.js';

/** What a stanza's handling yields once its asynchronous part is done: the write, if any. */
export type IngressWork = () => Promise<WriteOp | null> | WriteOp | null;

interface Job {
  session: Session | null;
  /**
   * The stanza's handled count on its stream (XEP-0198), when it arrived; null for work that is
   * no stanza (an archive page's decryption), which keeps its place in the order but holds back
   * no count.
   */
  count: number | null;
  work: IngressWork;
}

/** Jobs queued at once: past this the account's link is dropped (the server resends). */
const defaultMaxQueued = 10_000;

/**
 * One account's incoming messages in arrival order when some need asynchronous work before
 * they can be stored (decryption: the OMEMO libraries are asynchronous). While any job is
 * queued, every later message waits behind it, encrypted or not, so the timeline keeps the
 * server's order and a ratchet sees its messages in order.
 *
 * The XEP-0198 count (the ack barrier) never covers a stanza whose write has not committed:
 * `settled()` is the count before the oldest job still queued, which the session lowers any
 * count it sends to (a resume, the ack on stop); an <r/> is answered only once the queue has
 * drained and its writes committed (`defer`). After a resume the server hands over the
 * uncounted stanzas again; they queue behind the originals, whose writes commit first, and are
 * then dropped by their ids like any duplicate.
 */
export class OrderedIngress {
  private readonly jobs: Job[] = [];
  private readonly answers: Array<() => void> = [];
  private running = false;

  constructor(
    private readonly batch: WriteBatch,
    private readonly maxQueued = defaultMaxQueued,
    private readonly log: (message: string, error: unknown) => void = (message, error) =>
      console.error(`[parley] ${message}`, error),
  ) {}

  /** True while jobs are queued: a message must then go through submit() to keep its place. */
  get busy(): boolean {
    return this.jobs.length > 0;
  }

  /** Queues the handling of the stanza being handled now on `session`. */
  submit(session: Session | null, work: IngressWork): void {
    if (this.jobs.length >= this.maxQueued) {
      // Unbounded memory for one account otherwise: un-count it; the server resends it later.
      session?.dropUnstored(
        Math.max(0, session.handledCount - 1),
        new Error('too many incoming messages wait for decryption'),
      );
      return;
    }
    this.jobs.push({ session, count: session?.handledCount ?? 0, work });
    if (!this.running) void this.run();
  }

  /**
   * Runs `work` in its turn, after everything queued before it, and before anything queued
   * after (an archive page's decryption among live messages). Its result is the caller's to
   * store; it holds back no XEP-0198 count.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const job: Job = {
        session: null,
        count: null,
        work: async () => {
          await work().then(resolve, reject);
          return null;
        },
      };
      this.jobs.push(job);
      if (!this.running) void this.run();
    });
  }

  /** The count up to which every queued stanza is stored; null when none waits. */
  settled(): number | null {
    const first = this.jobs.find((job) => job.count !== null);
    return first?.count != null ? Math.max(0, first.count - 1) : null;
  }

  /** An <r/> while stanzas are queued: answered once they are stored. True when taken. */
  defer(answer: () => void): boolean {
    if (this.settled() === null) return false;
    this.answers.push(answer);
    return true;
  }

  /** Resolves once nothing is queued (for shutdown and tests). */
  async idle(): Promise<void> {
    while (this.busy || this.running) await new Promise((r) => setImmediate(r));
  }

  /** Commits what the jobs wrote; then the counts that cover them may leave. */
  private answerAfterCommit(): void {
    this.batch.flush();
    for (const answer of this.answers.splice(0)) answer();
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (this.jobs.length > 0) {
        const job = this.jobs[0]!;
        let op: WriteOp | null = null;
        try {
          op = await job.work();
        } catch (error) {
          // A bug in one message's handling: the others must still be stored.
          this.log('an incoming message could not be handled and was skipped', error);
        }
        if (op) this.batch.add(job.session, op, job.count ?? undefined);
        this.jobs.shift();
        // Only uncounted work (an archive page) left: the <r/> answers need not wait for it.
        if (this.answers.length > 0 && this.settled() === null) this.answerAfterCommit();
      }
      this.answerAfterCommit();
    } finally {
      this.running = false;
    }
  }
}
