import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { contact } from '../../test/fixtures';
import { flushRosterChanges, queueRosterChange, useRoster } from './store';

describe('roster store batching', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    useRoster.setState({ byAccount: {}, requests: [] });
  });
  afterEach(() => {
    flushRosterChanges();
    vi.useRealTimers();
  });

  it('applies a burst of 5,000 presence changes in one store update', () => {
    useRoster.getState().setRoster(
      'a1',
      Array.from({ length: 5_000 }, (_, i) => contact(`u${i}@x.org`)),
    );
    const updates = vi.fn();
    const unsubscribe = useRoster.subscribe(updates);
    for (let i = 0; i < 5_000; i++) {
      queueRosterChange({
        accountId: 'a1',
        upserted: [contact(`u${i}@x.org`, { show: 'available' })],
        removed: [],
      });
    }
    expect(updates).not.toHaveBeenCalled();
    vi.advanceTimersByTime(250); // the fallback when no frame comes (jsdom-less node has no rAF)
    expect(updates).toHaveBeenCalledTimes(1);
    const roster = useRoster.getState().byAccount.a1!;
    expect(roster.size).toBe(5_000);
    expect([...roster.values()].every((c) => c.show === 'available')).toBe(true);
    unsubscribe();
  });

  it('keeps the last of an upsert and a removal of the same contact', () => {
    queueRosterChange({ accountId: 'a1', upserted: [contact('x@x.org')], removed: [] });
    queueRosterChange({ accountId: 'a1', upserted: [], removed: ['x@x.org'] });
    queueRosterChange({ accountId: 'a1', upserted: [contact('y@x.org')], removed: [] });
    flushRosterChanges();
    expect([...useRoster.getState().byAccount.a1!.keys()]).toEqual(['y@x.org']);
    queueRosterChange({ accountId: 'a1', upserted: [], removed: ['y@x.org'] });
    queueRosterChange({
      accountId: 'a1',
      upserted: [contact('y@x.org', { name: 'Y' })],
      removed: [],
    });
    flushRosterChanges();
    expect(useRoster.getState().byAccount.a1!.get('y@x.org')?.name).toBe('Y');
  });

  it('tracks subscription requests', () => {
    const s = useRoster.getState();
    s.addRequest({ accountId: 'a1', jid: 'p@x.org', name: null });
    s.addRequest({ accountId: 'a1', jid: 'p@x.org', name: 'P' });
    s.addRequest({ accountId: 'a2', jid: 'p@x.org', name: null });
    expect(useRoster.getState().requests).toHaveLength(2);
    s.resolveRequest('a1', 'p@x.org');
    expect(useRoster.getState().requests).toEqual([
      { accountId: 'a2', jid: 'p@x.org', name: null },
    ]);
  });
});
