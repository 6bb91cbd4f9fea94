import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallLog } from '@parley/contract';
import { newAccount, openTempStore, type TempStore } from '../test-support.js';

let t: TempStore;
beforeEach(() => {
  t = openTempStore();
  t.store.accounts.insert(newAccount('a1'));
});
afterEach(() => t.dispose());

const missed: CallLog = { callId: 'sid-1', media: ['audio'], outcome: 'missed', durationMs: null };
const row = {
  accountId: 'a1',
  peer: 'romeo@x',
  direction: 'in',
  timestamp: 5000,
  call: missed,
} as const;

describe('calls in the timeline', () => {
  it('keeps one row per call, found again by the call’s id', () => {
    const first = t.store.callLog.record(row);
    expect(first.inserted).toBe(true);
    expect(first.message).toMatchObject({
      peer: 'romeo@x',
      body: '',
      direction: 'in',
      call: missed,
    });
    const again = t.store.callLog.record({ ...row, timestamp: 9000 });
    expect(again).toEqual({ inserted: false, message: { ...first.message } });
    expect(t.store.messages.get('a1', first.message.id)?.call).toEqual(missed);
    // Pages carry it; ordinary messages have no call field at all.
    t.store.messages.insert({ ...row, body: 'hi', status: 'received', timestamp: 6000 });
    const page = t.store.messages.page('a1', 'romeo@x', { beforeId: null, limit: 10 });
    expect(page.messages.map((m) => m.call ?? 'none')).toEqual([missed, 'none']);
  });

  it('updates the outcome and duration, and refuses a log outside the contract', () => {
    t.store.callLog.record(row);
    const answered: CallLog = { ...missed, outcome: 'answered', durationMs: 61_000 };
    expect(t.store.callLog.update('a1', answered)?.call).toEqual(answered);
    expect(t.store.callLog.find('a1', 'sid-1')?.call).toEqual(answered);
    expect(t.store.callLog.update('a1', { ...answered, callId: 'other' })).toBeNull();
    expect(() =>
      t.store.callLog.record({ ...row, call: { ...missed, outcome: 'lost' as never } }),
    ).toThrow();
  });
});

describe('a call as the conversation’s newest item', () => {
  it('the preview carries the call, its outcome settled later too; a message after it does not', () => {
    const { message } = t.store.callLog.record(row);
    const preview = () => t.store.conversations.get('a1', 'romeo@x')?.lastMessage;
    t.store.conversations.recordMessage(message, { countUnread: true });
    expect(preview()).toEqual({
      body: '',
      direction: 'in',
      timestamp: 5000,
      call: { media: ['audio'], outcome: 'missed', durationMs: null },
    });
    t.store.callLog.update('a1', { ...missed, outcome: 'answered', durationMs: 125_000 });
    expect(preview()?.call).toEqual({ media: ['audio'], outcome: 'answered', durationMs: 125_000 });
    expect(t.store.conversations.list()[0]?.lastMessage?.call?.outcome).toBe('answered');

    const later = t.store.messages.insert({
      ...row,
      body: 'call me back',
      status: 'received',
      timestamp: 7000,
    });
    if (!later.inserted) throw new Error('not inserted');
    t.store.conversations.recordMessage(later.message, { countUnread: true });
    expect(preview()).toEqual({ body: 'call me back', direction: 'in', timestamp: 7000 });
  });
});
