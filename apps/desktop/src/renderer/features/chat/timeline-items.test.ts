import '../../test/jsdom.js';
import { renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { message, notice } from '../../test/fixtures';
import type { NoticeEntry } from '../rooms/store';
import { FIRST_INDEX } from './store';
import {
  arrivedAfter,
  buildTimelineItems,
  unreadStart,
  useFirstItemIndex,
  type TimelineItem,
} from './timeline-items';

const n = (id: number, timestamp: number): NoticeEntry => ({
  ...notice('join', `n${id}`, { timestamp }),
  id,
});
const m = (id: string, timestamp: number) => message(id, { timestamp });

describe('buildTimelineItems', () => {
  it('interleaves notices by time and collapses consecutive ones into one item', () => {
    const items = buildTimelineItems(
      [m('a', 10), m('b', 20), m('c', 30)],
      [n(1, 15), n(2, 16), n(3, 25), n(4, 40), n(5, 41)],
      true,
    );
    expect(
      items.map((i) => (i.kind === 'message' ? i.key : i.notices.map((x) => x.id).join('+'))),
    ).toEqual(['a', '1+2', 'b', '3', 'c', '4+5']);
    expect(items[1]).toMatchObject({ kind: 'notices', key: 'n1', timestamp: 15 });
  });

  it('holds back notices older than the first loaded message until history is complete', () => {
    const notices = [n(1, 5), n(2, 15)];
    expect(buildTimelineItems([m('a', 10)], notices, false).map((i) => i.key)).toEqual(['a', 'n2']);
    expect(buildTimelineItems([m('a', 10)], notices, true).map((i) => i.key)).toEqual([
      'n1',
      'a',
      'n2',
    ]);
    expect(buildTimelineItems([], notices, false).map((i) => i.key)).toEqual(['n1']);
  });
});

describe('useFirstItemIndex', () => {
  it('goes down by the number of items put in front of the previous first one', () => {
    const items = (...keys: string[]): TimelineItem[] =>
      keys.map((k, i) => ({ kind: 'message', key: k, timestamp: i, message: m(k, i) }));
    const { result, rerender } = renderHook(({ list }) => useFirstItemIndex(list), {
      initialProps: { list: items('c', 'd') },
    });
    expect(result.current).toBe(FIRST_INDEX);
    rerender({ list: items('c', 'd', 'e') });
    expect(result.current).toBe(FIRST_INDEX);
    rerender({ list: items('a', 'n1', 'c', 'd', 'e') });
    expect(result.current).toBe(FIRST_INDEX - 2);
    rerender({ list: items('a', 'n1', 'c', 'd', 'e') });
    expect(result.current).toBe(FIRST_INDEX - 2);
  });
});

describe('unreadStart', () => {
  const ours = (id: string, timestamp: number) => message(id, { timestamp, direction: 'out' });
  const list = [m('a', 1), ours('b', 2), m('c', 3), ours('d', 4), m('e', 5)];

  it('puts the divider before the first of the newest incoming messages the count names', () => {
    expect(unreadStart(list, 1)).toBe('e');
    // Our own replies in between are not counted.
    expect(unreadStart(list, 2)).toBe('c');
    expect(unreadStart(list, 3)).toBe('a');
  });

  it('shows no divider with nothing unread, and the first loaded one when more are unread', () => {
    expect(unreadStart(list, 0)).toBeNull();
    expect(unreadStart(list, 50)).toBe('a');
    expect(unreadStart([ours('x', 1)], 2)).toBeNull();
  });
});

describe('arrivedAfter', () => {
  it('counts incoming messages after the last one seen, not our own', () => {
    const list = [
      m('a', 1),
      m('b', 2),
      message('c', { timestamp: 3, direction: 'out' }),
      m('d', 4),
    ];
    expect(arrivedAfter(list, 'd')).toBe(0);
    expect(arrivedAfter(list, 'b')).toBe(1);
    expect(arrivedAfter(list, 'a')).toBe(2);
    expect(arrivedAfter(list, null)).toBe(3);
  });
});
