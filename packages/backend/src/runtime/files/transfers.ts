import { randomUUID } from 'node:crypto';
import type { DirectRoute, Transfer, TransferErrorCode } from '@parley/contract';
import type { Store, TransferPatch, TransferRecord } from '@parley/store';
import type { EventBus } from '../../event-bus.js';
import { TransferCancelled, TransferFailure } from './http-common.js';
import { ProgressMeter } from './progress.js';

/** What a running transfer may do: report bytes, see a cancel, record facts as it learns them. */
export interface JobContext {
  readonly signal: AbortSignal;
  /** `n` more bytes moved; a progress event follows at most every 100 ms. */
  progress(n: number): void;
  /** Persists and announces a fact learnt mid-way (e.g. the GET URL once the slot is known). */
  update(patch: TransferPatch): void;
}

/** A running transfer is reported at least this often, bytes moving or not. */
const HEARTBEAT_MS = 1_000;

/** The work of one transfer: resolves with what to record on success, throws to fail. */
export type Job = (ctx: JobContext) => Promise<TransferPatch>;

interface Live {
  meter: ProgressMeter;
  controller: AbortController;
  /** Set while waiting for a free slot; calling it starts the job. */
  start: (() => void) | null;
}

export type NewTransfer = Pick<
  TransferRecord,
  'accountId' | 'peer' | 'direction' | 'messageId' | 'name' | 'size' | 'mediaType'
> &
  Partial<Pick<TransferRecord, 'sha256' | 'url' | 'localPath'>>;

/**
 * Every account's uploads and downloads: the record in the store, the live figures in memory,
 * a few running at once (the rest queued), cancel by id. What a transfer does is its Job; this
 * class only runs it and reports: `transfer.changed` on every state change, and at most every
 * 100 ms while bytes move.
 */
export class Transfers {
  private readonly live = new Map<string, Live>();
  private readonly waiting: string[] = [];
  /** Jobs under way, so stop() can wait for them to clean up. */
  private readonly jobs = new Set<Promise<void>>();
  /** Running transfers whose file was retracted: what they fetch goes, not into the record. */
  private readonly forgotten = new Set<string>();
  private running = 0;
  /** The transport of each direct (XEP-0234) transfer that has run since start. */
  private readonly routes = new Map<string, DirectRoute>();
  /** Called when a forgotten transfer ended and may have left a file to remove. */
  onForgottenEnd: () => void = () => {};

  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    private readonly maxRunning = 3,
  ) {
    // Whatever was moving when the app last stopped did not finish: say so, so it can be retried.
    for (const record of store.transfers.recent(1000)) {
      if (record.state === 'active' || record.state === 'queued') {
        // A direct transfer's Jingle session died with the app: it cannot be taken up again.
        const direct = isDirect(record);
        store.transfers.update(record.id, {
          state: 'failed',
          error: direct
            ? { code: 'offer-gone', message: DIRECT_INTERRUPTED }
            : { code: 'unknown', message: 'Interrupted when Parley stopped. Try again.' },
        });
      }
    }
  }

  create(fields: NewTransfer): TransferRecord {
    const record = this.store.transfers.insert({
      id: randomUUID(),
      sha256: null,
      url: null,
      localPath: null,
      ...fields,
      bytes: 0,
      state: 'queued',
      error: null,
      createdAt: Date.now(),
    });
    this.bus.emit('transfer.changed', this.view(record));
    return record;
  }

  get(id: string): TransferRecord | null {
    return this.store.transfers.get(id);
  }

  isRunning(id: string): boolean {
    return this.live.has(id);
  }

  /** The contract's view: stored facts plus the live byte count and rate. */
  view(record: TransferRecord): Transfer {
    const live = this.live.get(record.id);
    const moving = live !== undefined && record.state === 'active';
    return {
      id: record.id,
      accountId: record.accountId,
      peer: record.peer,
      direction: record.direction,
      messageId: record.messageId,
      name: record.name,
      size: record.size,
      mediaType: record.mediaType,
      bytes: moving ? live.meter.bytes : record.bytes,
      rate: moving ? live.meter.rate() : 0,
      state: record.state,
      error: record.error,
      localPath: record.localPath,
      createdAt: record.createdAt,
      ...(isDirect(record)
        ? { direct: this.routes.get(record.id) ?? { transport: null, encrypted: false } }
        : {}),
    };
  }

  /** A direct transfer's transport changed (negotiated, or replaced after a failure). */
  setRoute(id: string, route: DirectRoute): void {
    this.routes.set(id, route);
    const record = this.store.transfers.get(id);
    if (record) this.bus.emit('transfer.changed', this.view(record));
  }

  list(): Transfer[] {
    return this.store.transfers.recent().map((r) => this.view(r));
  }

  /** Ends a transfer before it starts, with a reason (e.g. the file is too large). */
  fail(id: string, code: TransferErrorCode, message: string): Transfer {
    return this.set(id, { state: 'failed', error: { code, message } });
  }

  /**
   * Queues `job` for the transfer (a new one, or a failed/cancelled one again: bytes and error
   * start over). Returns at once; the outcome arrives as events.
   */
  run(id: string, job: Job, options: { slot?: boolean } = {}): Transfer {
    if (this.live.has(id)) throw new Error(`transfer ${id} is already running`);
    const live: Live = {
      meter: new ProgressMeter(),
      controller: new AbortController(),
      start: null,
    };
    this.live.set(id, live);
    const view = this.set(id, { state: 'queued', error: null, bytes: 0 });
    // Direct transfers wait on a person at the other end: they never hold up the queue.
    const slotted = options.slot !== false;
    live.start = () => {
      live.start = null;
      if (slotted) this.running++;
      const done = this.execute(id, live, job).finally(() => {
        if (slotted) this.running--;
        this.jobs.delete(done);
        this.next();
      });
      this.jobs.add(done);
    };
    if (!slotted) {
      live.start();
      return view;
    }
    this.waiting.push(id);
    this.next();
    return view;
  }

  /** Stops a queued or running transfer; its partial file is removed by the job. */
  cancel(id: string): boolean {
    const live = this.live.get(id);
    if (!live) return false;
    if (live.start) {
      // Never started: nothing to clean up.
      this.waiting.splice(this.waiting.indexOf(id), 1);
      this.live.delete(id);
      this.set(id, { state: 'cancelled' });
      return true;
    }
    live.controller.abort();
    return true;
  }

  /**
   * The file was retracted while this transfer runs: it is cancelled, and should it finish
   * first, its file is queued for removal instead of recorded (RetractedFiles removes it).
   */
  forget(id: string): void {
    const live = this.live.get(id);
    if (!live) return;
    // One still waiting for a slot never starts: cancel() is all it takes.
    if (!live.start) this.forgotten.add(id);
    this.cancel(id);
  }

  /** Cancels everything (the backend stops) and waits until the jobs removed partial files. */
  async stop(): Promise<void> {
    for (const id of [...this.live.keys()]) this.cancel(id);
    await Promise.all([...this.jobs]);
  }

  private next(): void {
    while (this.running < this.maxRunning && this.waiting.length > 0) {
      const id = this.waiting.shift() as string;
      this.live.get(id)?.start?.();
    }
  }

  private async execute(id: string, live: Live, job: Job): Promise<void> {
    this.set(id, { state: 'active' });
    live.meter.begin();
    const report = () => {
      const record = this.store.transfers.get(id);
      if (record) this.bus.emit('transfer.changed', this.view(record));
    };
    // While bytes stall (an upload's socket draining what it took at once, a slow server),
    // the rate must fall where the user sees it, not stay at the last report.
    const heartbeat = setInterval(report, HEARTBEAT_MS);
    heartbeat.unref?.();
    const ctx: JobContext = {
      signal: live.controller.signal,
      progress: (n) => {
        if (live.meter.add(n)) report();
      },
      update: (patch) => {
        this.set(id, patch);
      },
    };
    let outcome: TransferPatch;
    try {
      const patch = await job(ctx);
      outcome = { ...patch, state: 'done', error: null, bytes: patch.bytes ?? live.meter.bytes };
    } catch (error) {
      const bytes = live.meter.bytes;
      if (error instanceof TransferCancelled || live.controller.signal.aborted) {
        outcome = { state: 'cancelled', error: null, bytes };
      } else if (error instanceof TransferFailure) {
        outcome = { state: 'failed', error: { code: error.code, message: error.message }, bytes };
      } else {
        console.error('[parley] transfer failed', error);
        const message = 'The transfer failed for an unknown reason.';
        outcome = { state: 'failed', error: { code: 'unknown', message }, bytes };
      }
    }
    clearInterval(heartbeat);
    // Out of the live map first, so the final event reports stored bytes and no rate.
    if (this.live.get(id) === live) this.live.delete(id);
    if (this.forgotten.delete(id)) {
      const record = this.store.transfers.get(id);
      if (outcome.localPath && record) {
        this.store.transfers.queueFileRemoval(record.accountId, outcome.localPath);
      }
      outcome = { state: 'cancelled', error: null, bytes: outcome.bytes ?? 0 };
      this.onForgottenEnd();
    }
    // Its account may have been removed meanwhile (the record went with it): nothing to say.
    if (this.store.transfers.get(id)) this.set(id, outcome);
  }

  private set(id: string, patch: TransferPatch): Transfer {
    const record = this.store.transfers.update(id, patch);
    if (!record) throw new Error(`unknown transfer ${id}`);
    const view = this.view(record);
    this.bus.emit('transfer.changed', view);
    return view;
  }
}

/** The words of a direct transfer cut off by a stop: its Jingle session is gone for good. */
export const DIRECT_INTERRUPTED =
  'Interrupted when Parley stopped. A direct transfer cannot resume: send the file again.';

/** Direct (XEP-0234) transfers carry their Jingle session as `jingle:<sid>`. */
function isDirect(record: TransferRecord): boolean {
  return record.url?.startsWith('jingle:') ?? false;
}
