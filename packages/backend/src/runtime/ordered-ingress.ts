import type { Session } from '@parley/xmpp';
import type { WriteBatch, WriteOp } from './write-batch.js';

/** What a stanza's handling yields once its asynchronous part is done: the write, if any. */
export type IngressWork = () => Promise<WriteOp | null> | WriteOp | null;

interface Job {
  session: Session | null;
  /** The stanza's handled count on its stream (XEP-0198), when it arrived. */
  count: number;
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

  /** The count up to which every queued stanza is stored; null when none waits. */
  settled(): number | null {
    const first = this.jobs[0];
    return first ? Math.max(0, first.count - 1) : null;
  }

  /** An <r/> while jobs are queued: answered once they are stored. True when taken. */
  defer(answer: () => void): boolean {
    if (!this.busy) return false;
    this.answers.push(answer);
    return true;
  }

  /** Resolves once nothing is queued (for shutdown and tests). */
  async idle(): Promise<void> {
    while (this.busy || this.running) await new Promise((r) => setImmediate(r));
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
        if (op) this.batch.add(job.session, op, job.count);
        this.jobs.shift();
      }
      // Drained: commit what the jobs wrote, then the counts that cover them may leave.
      this.batch.flush();
      for (const answer of this.answers.splice(0)) answer();
    } finally {
      this.running = false;
    }
  }
}
