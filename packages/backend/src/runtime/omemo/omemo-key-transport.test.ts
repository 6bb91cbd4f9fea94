// Key transports during the archive catch-up: collected, one per device session, and sent when
// the catch-up ends; outside it they leave at once. Memory stays bounded.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '@parley/xmpp';
import { newAccount, openTempStore, type TempStore } from '../../../../store/src/test-support.js';
import { testScope } from '../../test-support/scope.js';
import { OmemoAccount } from './omemo-account.js';
import { KeyTransports, MAX_POSTPONED, type FollowUp } from './omemo-key-transport.js';

const ME = 'me@example.org';
let temp: TempStore;
let omemo: OmemoAccount;
let transports: KeyTransports;

beforeEach(() => {
  temp = openTempStore();
  temp.store.accounts.insert(newAccount('a', { jid: ME, password: 'pw', resource: 'r' }));
  const scope = testScope(temp.store, 'a', ME);
  omemo = new OmemoAccount(scope);
  // Offline: whatever is due is dropped when it runs, which is all these tests need to see.
  transports = new KeyTransports(scope, omemo, () => null);
});
afterEach(() => temp.dispose());

const followUp = (jid: string, deviceId: number, over: Partial<FollowUp> = {}): FollowUp => ({
  version: 'omemo',
  jid,
  deviceId,
  preKeysConsumed: false,
  completeSession: true,
  heartbeat: false,
  ...over,
});

describe('key transports and the archive catch-up', () => {
  it('collects one per device session during the catch-up and lets them go at its end', async () => {
    omemo.beginHistorySync();
    for (let i = 0; i < 3; i++) transports.after(followUp('bob@example.org', 7));
    transports.after(followUp('bob@example.org', 7, { version: 'omemo2' }));
    transports.after(followUp('bob@example.org', 8, { completeSession: false, heartbeat: true }));
    transports.after(followUp('carol@example.org', 7, { completeSession: false }));
    expect(transports.waiting).toBe(3);
    await omemo.endHistorySync({} as Session);
    expect(transports.waiting).toBe(0);
    expect(omemo.catchingUp).toBe(false);
    // After it, nothing waits.
    transports.after(followUp('bob@example.org', 7));
    expect(transports.waiting).toBe(0);
  });

  it('keeps at most MAX_POSTPONED device sessions waiting', () => {
    omemo.beginHistorySync();
    for (let id = 1; id <= MAX_POSTPONED + 5; id++)
      transports.after(followUp('bob@example.org', id));
    expect(transports.waiting).toBe(MAX_POSTPONED);
  });
});
