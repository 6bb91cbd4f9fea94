import '../../test/jsdom.js';
import { renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { message, notice } from '../../test/fixtures';
import type { NoticeEntry } from '../rooms/store';
import { FIRST_INDEX } from './store';
import { buildTimelineItems, useFirstItemIndex, type TimelineItem } from './timeline-items';

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
