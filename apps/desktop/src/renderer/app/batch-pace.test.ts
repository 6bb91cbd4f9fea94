import { beforeEach, describe, expect, it } from 'vitest';
import { useAccounts } from '../features/accounts/store';
import { account } from '../test/fixtures';
import { resetStores } from '../test/reset';
import {
  batchGap,
  CATCH_UP_GAP_MS,
  CATCH_UP_QUIET_MS,
  catchingUp,
  LIVE_GAP_MS,
  noteCatchUp,
} from './batch-pace';

describe('batches paced while a catch-up runs', () => {
  beforeEach(() => {
    resetStores();
    useAccounts.getState().setAll([account({ id: 'a1', state: 'online' })]);
    noteCatchUp('a1', true, 0);
  });

  it('a live gap until a catch-up starts, the longer one while it runs, live again at its end', () => {
    const now = Date.now();
    expect(batchGap()).toBe(LIVE_GAP_MS);
    noteCatchUp('a1', false, now);
    expect(catchingUp(now + 100)).toBe(true);
    expect(batchGap()).toBe(CATCH_UP_GAP_MS);
    noteCatchUp('a1', true, now + 200);
    expect(catchingUp(now + 300)).toBe(false);
    expect(batchGap()).toBe(LIVE_GAP_MS);
  });

  it('a catch-up that went quiet (cut, to be retried) or an account gone offline paces nothing', () => {
    const now = Date.now();
    noteCatchUp('a1', false, now);
    expect(catchingUp(now + CATCH_UP_QUIET_MS - 1)).toBe(true);
    expect(catchingUp(now + CATCH_UP_QUIET_MS + 1)).toBe(false);
    noteCatchUp('a1', false, now);
    useAccounts.getState().setAll([account({ id: 'a1', state: 'disconnected' })]);
    expect(catchingUp(now + 100)).toBe(false);
  });
});
