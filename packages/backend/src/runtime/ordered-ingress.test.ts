import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '@parley/store';
import type { Session } from '@parley/xmpp';
import { newAccount, openTempStore, type TempStore } from '../../../store/src/test-support.js';
import { OrderedIngress } from './ordered-ingress.js';
import { WriteBatch, type WriteOp } from './write-batch.js';

let temp: TempStore | null = null;
let store: Store;
afterEach(() => {
  temp?.dispose();
  temp = null;
});

function setUp(maxQueued?: number) {
  temp = openTempStore();
  store = temp.store;
  store.accounts.insert(newAccount('a', { jid: 'me@example.org', password: 'pw', resource: 'r' }));
  const batch = new WriteBatch(store);
  const logged: string[] = [];
  const ingress = new OrderedIngress(batch, maxQueued, (message) => logged.push(message));
  return { batch, ingress, logged };
}

/** A session whose count the test moves as stanzas "arrive". */
function fakeSession() {
  const dropped: number[] = [];
  const session = {
    handledCount: 0,
    dropUnstored: (resetTo: number) => dropped.push(resetTo),
  } as unknown as Session & { handledCount: number };
  return { session, dropped };
}

const insert =
  (body: string): WriteOp =>
  () => {
    store.messages.insert({
      accountId: 'a',
      peer: 'you@example.org',
      direction: 'in',
      body,
      timestamp: Date.now(),
      status: 'received',
    });
  };

const stored = () =>
  store.messages
    .page('a', 'you@example.org', { beforeId: null, limit: 100 })
    .messages.map((m) => m.body);

function later<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('OrderedIngress', () => {
  it('stores in arrival order: a plain message waits behind one still being decrypted', async () => {
    const { ingress } = setUp();
    const { session } = fakeSession();
    const slow = later<WriteOp>();
    session.handledCount = 1;
    ingress.submit(session, () => slow.promise);
    session.handledCount = 2;
    expect(ingress.busy).toBe(true);
    ingress.submit(session, () => insert('plain, second'));
    await new Promise((r) => setTimeout(r, 20));
    expect(stored()).toEqual([]);
    slow.resolve(insert('encrypted, first'));
    await ingress.idle();
    expect(stored()).toEqual(['encrypted, first', 'plain, second']);
    expect(ingress.busy).toBe(false);
  });

  it('settles the count before the oldest stanza still queued, and nothing once drained', async () => {
    const { ingress } = setUp();
    const { session } = fakeSession();
    const first = later<WriteOp | null>();
    session.handledCount = 5;
    ingress.submit(session, () => first.promise);
    session.handledCount = 6;
    ingress.submit(session, () => insert('six'));
    expect(ingress.settled()).toBe(4);
    first.resolve(null); // nothing to store (a key-transport message)
    await ingress.idle();
    expect(ingress.settled()).toBeNull();
  });

  it('answers an <r/> only after the queued writes have committed', async () => {
    const { ingress } = setUp();
    const { session } = fakeSession();
    const slow = later<WriteOp>();
    session.handledCount = 1;
    ingress.submit(session, () => slow.promise);
    const seenAtAnswer: string[][] = [];
    expect(ingress.defer(() => seenAtAnswer.push(stored()))).toBe(true);
    slow.resolve(insert('covered'));
    await ingress.idle();
    expect(seenAtAnswer).toEqual([['covered']]);
    // Nothing queued: the answer is not taken.
    expect(ingress.defer(() => {})).toBe(false);
  });

  it('skips a message whose handling throws and stores the others', async () => {
    const { ingress, logged } = setUp();
    const { session } = fakeSession();
    ingress.submit(session, () => Promise.reject(new Error('bug')));
    ingress.submit(session, () => insert('after'));
    await ingress.idle();
    expect(stored()).toEqual(['after']);
    expect(logged).toEqual(['an incoming message could not be handled and was skipped']);
  });

  it('a failed commit un-counts from the first stanza the batch held', async () => {
    const { ingress } = setUp();
    const { session, dropped } = fakeSession();
    const slow = later<WriteOp>();
    session.handledCount = 7;
    ingress.submit(session, () => slow.promise);
    session.handledCount = 9; // two more stanzas were handled meanwhile
    slow.resolve(() => {
      throw Object.assign(new Error('disk full'), { code: 'SQLITE_FULL' });
    });
    await ingress.idle();
    expect(dropped).toEqual([6]);
  });

  it('is bounded: past the limit a stanza is un-counted for the server to send again', () => {
    const { ingress } = setUp(2);
    const { session, dropped } = fakeSession();
    const never = later<WriteOp>();
    for (let i = 1; i <= 3; i++) {
      session.handledCount = i;
      ingress.submit(session, () => never.promise);
    }
    expect(dropped).toEqual([2]);
  });

  it('runs exclusive work (an archive page) in its turn, holding back no count', async () => {
    const { ingress } = setUp();
    const { session } = fakeSession();
    const order: string[] = [];
    const slow = later<WriteOp>();
    session.handledCount = 3;
    ingress.submit(session, () => slow.promise.finally(() => order.push('live before')));
    const page = ingress.exclusive(async () => {
      order.push('page');
      return 'opened';
    });
    session.handledCount = 4;
    ingress.submit(session, () => {
      order.push('live after');
      return null;
    });
    expect(ingress.settled()).toBe(2);
    slow.resolve(insert('live'));
    expect(await page).toBe('opened');
    await ingress.idle();
    expect(order).toEqual(['live before', 'page', 'live after']);

    // Only uncounted work queued: the count is not held, an <r/> is answered at once.
    const stuck = later<void>();
    const pending = ingress.exclusive(() => stuck.promise);
    expect(ingress.busy).toBe(true);
    expect(ingress.settled()).toBeNull();
    expect(ingress.defer(() => {})).toBe(false);
    stuck.resolve();
    await pending;
  });
});
