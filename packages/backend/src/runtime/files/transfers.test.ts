import type { Transfer } from '@parley/contract';
import type { Store, TransferPatch } from '@parley/store';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { newAccount, openTempStore, type TempStore } from '../../../../store/src/test-support.js';
import { EventBus } from '../../event-bus.js';
import { TransferCancelled, TransferFailure } from './http-common.js';
import { Transfers, type JobContext, type NewTransfer } from './transfers.js';

let temp: TempStore;
let store: Store;
let bus: EventBus;
let events: Transfer[];

beforeEach(() => {
  temp = openTempStore();
  store = temp.store;
  store.accounts.insert(newAccount('a1', { jid: 'a@x', password: 'pw', resource: 'r' }));
  bus = new EventBus(true); // Every event is checked against the contract.
  events = [];
  bus.subscribe((name, payload) => {
    if (name === 'transfer.changed') events.push(payload as Transfer);
  });
});
afterEach(() => temp.dispose());

const fields: NewTransfer = {
  accountId: 'a1',
  peer: 'bob@x',
  direction: 'download',
  messageId: 'm1',
  name: 'a.png',
  size: 1000,
  mediaType: 'image/png',
};

/** A job the test finishes by hand. */
function manualJob() {
  let ctx: JobContext | null = null;
  let finish: (patch: TransferPatch) => void = () => {};
  let fail: (error: unknown) => void = () => {};
  let onStart: () => void = () => {};
  const started = new Promise<void>((resolve) => (onStart = resolve));
  const job = (c: JobContext) => {
    ctx = c;
    onStart();
    return new Promise<TransferPatch>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
  };
  return {
    job,
    started,
    ctx: () => ctx as unknown as JobContext,
    finish: (patch: TransferPatch) => finish(patch),
    fail: (error: unknown) => fail(error),
  };
}

const settled = () => new Promise((r) => setTimeout(r, 10));
const states = (id: string) => events.filter((e) => e.id === id).map((e) => e.state);

describe('Transfers', () => {
  it('runs a job: queued, active, progress, done, each as an event and in the store', async () => {
    const transfers = new Transfers(store, bus);
    const record = transfers.create(fields);
    const m = manualJob();
    transfers.run(record.id, m.job);
    await m.started;
    m.ctx().progress(400);
    expect(events.at(-1)).toMatchObject({ state: 'active', bytes: 400 });
    expect(events.at(-1)!.rate).toBeGreaterThanOrEqual(0);
    m.finish({ localPath: '/d/a.png' });
    await settled();
    expect(states(record.id)).toEqual(['queued', 'queued', 'active', 'active', 'done']);
    expect(store.transfers.get(record.id)).toMatchObject({
      state: 'done',
      bytes: 400,
      localPath: '/d/a.png',
      error: null,
    });
    expect(events.at(-1)).toMatchObject({ state: 'done', rate: 0, localPath: '/d/a.png' });
    expect(transfers.isRunning(record.id)).toBe(false);
  });

  it('shows the real rate when the socket takes a burst and then drains slowly', async () => {
    // The case: 30 MB went into socket and server buffers within a second, the upload
    // took 45 s. The card said 28 MB/s: no report came while nothing was handed over.
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    try {
      const MB = 1024 * 1024;
      const transfers = new Transfers(store, bus);
      const record = transfers.create({ ...fields, direction: 'upload', size: 30 * MB });
      const m = manualJob();
      transfers.run(record.id, m.job);
      await m.started;
      for (let i = 0; i < 10; i++) {
        vi.advanceTimersByTime(100);
        m.ctx().progress(3 * MB);
      }
      vi.advanceTimersByTime(44_000);
      const last = events.filter((e) => e.id === record.id).at(-1)!;
      expect(last.state).toBe('active');
      // 30 MB over the 45 s it took, not over the first second.
      expect(last.rate).toBeLessThan(1 * MB);
      m.finish({});
      await settled();
    } finally {
      vi.useRealTimers();
    }
  });

  it('records a failure with its code and words, and an unexpected error as unknown', async () => {
    const transfers = new Transfers(store, bus);
    const a = transfers.create(fields);
    transfers.run(a.id, () => Promise.reject(new TransferFailure('hash-mismatch', 'Not it')));
    const b = transfers.create(fields);
    transfers.run(b.id, () => Promise.reject(new Error('bug')));
    await settled();
    expect(transfers.get(a.id)).toMatchObject({
      state: 'failed',
      error: { code: 'hash-mismatch', message: 'Not it' },
    });
    expect(transfers.get(b.id)?.error?.code).toBe('unknown');
  });

  it('runs a few at once and queues the rest; cancel works queued and running', async () => {
    const transfers = new Transfers(store, bus, 2);
    const jobs = [manualJob(), manualJob(), manualJob()];
    const ids = jobs.map((m) => {
      const r = transfers.create(fields);
      transfers.run(r.id, (ctx) => {
        // Behaves like a real job: a cancel ends it.
        ctx.signal.addEventListener('abort', () => m.fail(new TransferCancelled()));
        return m.job(ctx);
      });
      return r.id;
    });
    await Promise.all([jobs[0]!.started, jobs[1]!.started]);
    expect(ids.map((id) => transfers.get(id)?.state)).toEqual(['active', 'active', 'queued']);
    // The queued one is cancelled without ever starting.
    expect(transfers.cancel(ids[2]!)).toBe(true);
    expect(transfers.get(ids[2]!)?.state).toBe('cancelled');
    // A running one is aborted through its signal.
    expect(transfers.cancel(ids[0]!)).toBe(true);
    await settled();
    expect(transfers.get(ids[0]!)?.state).toBe('cancelled');
    expect(transfers.cancel(ids[0]!)).toBe(false);
    jobs[1]!.finish({});
    await settled();
    expect(transfers.get(ids[1]!)?.state).toBe('done');
  });

  it('retries a failed transfer under the same id, bytes and error starting over', async () => {
    const transfers = new Transfers(store, bus);
    const r = transfers.create(fields);
    transfers.run(r.id, async (ctx) => {
      ctx.progress(10);
      throw new TransferFailure('stalled', 'Stalled');
    });
    await settled();
    expect(transfers.get(r.id)).toMatchObject({ state: 'failed', bytes: 10 });
    const again = transfers.run(r.id, async () => ({}));
    expect(again).toMatchObject({ id: r.id, state: 'queued', bytes: 0, error: null });
    await settled();
    expect(transfers.get(r.id)).toMatchObject({ state: 'done', error: null });
    expect(transfers.list().map((t) => t.id)).toEqual([r.id]);
  });

  it('stop() cancels everything and waits for the jobs to clean up', async () => {
    const transfers = new Transfers(store, bus);
    const r = transfers.create(fields);
    let cleaned = false;
    transfers.run(r.id, (ctx) => {
      return new Promise((_resolve, reject) => {
        ctx.signal.addEventListener('abort', () => {
          setTimeout(() => {
            cleaned = true;
            reject(new TransferCancelled());
          }, 20);
        });
      });
    });
    await settled();
    await transfers.stop();
    expect(cleaned).toBe(true);
    expect(transfers.get(r.id)?.state).toBe('cancelled');
  });

  it('marks what was running when the app stopped as failed, to be retried', () => {
    const first = new Transfers(store, bus);
    const r = first.create(fields);
    store.transfers.update(r.id, { state: 'active' });
    new Transfers(store, bus);
    expect(store.transfers.get(r.id)).toMatchObject({
      state: 'failed',
      error: { code: 'unknown' },
    });
  });
});

describe('direct (XEP-0234) transfers', () => {
  const direct: NewTransfer = { ...fields, url: 'jingle:s1' };

  it('carry their route in the view, null until a transport runs', () => {
    const transfers = new Transfers(store, bus);
    const record = transfers.create(direct);
    expect(transfers.view(record).direct).toEqual({ transport: null, encrypted: false });
    transfers.setRoute(record.id, { transport: 'socks5', encrypted: false });
    expect(events.at(-1)?.direct).toEqual({ transport: 'socks5', encrypted: false });
    // An HTTP transfer has none.
    expect(transfers.view(transfers.create(fields)).direct).toBeUndefined();
  });

  it('take no queue slot: three running uploads do not hold a direct one back', async () => {
    const transfers = new Transfers(store, bus, 3);
    const busy = [manualJob(), manualJob(), manualJob()];
    for (const b of busy) transfers.run(transfers.create(fields).id, b.job);
    const mine = manualJob();
    const record = transfers.create(direct);
    transfers.run(record.id, mine.job, { slot: false });
    await mine.started;
    expect(transfers.get(record.id)?.state).toBe('active');
    mine.finish({});
    for (const b of busy) b.finish({});
    await settled();
    // The slots count right afterwards: a fourth queued transfer still runs.
    const next = manualJob();
    transfers.run(transfers.create(fields).id, next.job);
    await next.started;
    next.finish({});
  });

  it('interrupted by a stop, fail as offer-gone with words that say why', () => {
    const first = new Transfers(store, bus);
    const record = first.create(direct);
    store.transfers.update(record.id, { state: 'active' });
    new Transfers(store, bus);
    expect(store.transfers.get(record.id)).toMatchObject({
      state: 'failed',
      error: { code: 'offer-gone', message: expect.stringContaining('cannot resume') },
    });
  });
});
