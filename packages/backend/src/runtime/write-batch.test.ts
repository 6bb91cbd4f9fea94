import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '@parley/store';
import { newAccount, openTempStore, type TempStore } from '../../../store/src/test-support.js';
import type { Session } from '@parley/xmpp';
import { WriteBatch, type WriteOp } from './write-batch.js';

let temp: TempStore | null = null;
let store: Store;
afterEach(() => {
  temp?.dispose();
  temp = null;
});

function setUp(): Store {
  temp = openTempStore();
  store = temp.store;
  store.accounts.insert(newAccount('a', { jid: 'me@example.org', password: 'pw', resource: 'r' }));
  return store;
}

/** Only what the batch uses of a session: the count and the way to give stanzas back. */
function fakeSession(handled: number) {
  const dropped: number[] = [];
  const session = {
    handledCount: handled,
    dropUnstored: (resetTo: number) => dropped.push(resetTo),
  } as unknown as Session;
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
const failing =
  (code: string): WriteOp =>
  () => {
    throw Object.assign(new Error(code), { code });
  };
const bodies = () =>
  store.messages
    .page('a', 'you@example.org', { beforeId: null, limit: 10 })
    .messages.map((m) => m.body);

describe('WriteBatch', () => {
  it('commits everything queued in one turn, then answers waiting ack requests', () => {
    const batch = new WriteBatch(setUp());
    const { session } = fakeSession(5);
    const answered: string[] = [];
    batch.add(session, insert('one'));
    batch.add(session, insert('two'));
    expect(batch.deferAck(() => answered.push('ack'))).toBe(true);
    expect(bodies()).toEqual([]);
    batch.flush();
    expect(bodies()).toEqual(['one', 'two']);
    expect(answered).toEqual(['ack']);
    expect(batch.deferAck(() => answered.push('late'))).toBe(false);
  });

  it('gives the stanzas back when the disk is full: nothing acked, count reset', () => {
    const batch = new WriteBatch(setUp());
    const { session, dropped } = fakeSession(8);
    const answered: string[] = [];
    batch.add(session, insert('kept for later'));
    batch.add(session, failing('SQLITE_FULL'));
    batch.deferAck(() => answered.push('ack'));
    batch.flush();
    expect(dropped).toEqual([7]); // the count before the batch's first stanza
    expect(answered).toEqual([]);
    expect(bodies()).toEqual([]);
  });

  it('skips only a stanza that can never be stored, and acks the rest', () => {
    const batch = new WriteBatch(setUp());
    const { session, dropped } = fakeSession(3);
    const answered: string[] = [];
    batch.add(session, insert('before'));
    batch.add(session, failing('SQLITE_CONSTRAINT_CHECK'));
    batch.add(session, insert('after'));
    batch.deferAck(() => answered.push('ack'));
    batch.flush();
    expect(bodies()).toEqual(['before', 'after']);
    expect(dropped).toEqual([]);
    expect(answered).toEqual(['ack']);
  });
});
