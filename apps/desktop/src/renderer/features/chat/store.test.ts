import { beforeEach, describe, expect, it } from 'vitest';
import { message } from '../../test/fixtures';
import { chatKey } from '../ui/store';
import { FIRST_INDEX, useChat } from './store';

const key = chatKey('a1', 'alice@example.org');
const at = (minute: number) => Date.UTC(2025, 0, 1, 12, minute);

describe('chat store', () => {
  beforeEach(() => useChat.setState({ timelines: {}, recent: [], typing: {}, drafts: {} }));

  it('prepends older pages and lowers firstItemIndex by the count', () => {
    const s = useChat.getState();
    s.prepend(
      key,
      [message('m3', { timestamp: at(3) }), message('m2', { timestamp: at(2) })],
      false,
    );
    let t = useChat.getState().timelines[key]!;
    expect(t.messages.map((m) => m.id)).toEqual(['m2', 'm3']);
    expect(t.firstItemIndex).toBe(FIRST_INDEX - 2);
    expect(t.ready).toBe(true);
    s.prepend(
      key,
      [message('m1', { timestamp: at(1) }), message('m2', { timestamp: at(2) })],
      true,
    );
    t = useChat.getState().timelines[key]!;
    expect(t.messages.map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
    expect(t.firstItemIndex).toBe(FIRST_INDEX - 3);
    expect(t.complete).toBe(true);
  });

  it('appends new messages once, and keeps later states over a late send() reply', () => {
    const s = useChat.getState();
    s.prepend(key, [message('m1', { timestamp: at(1) })], true);
    s.add(message('o1', { direction: 'out', status: 'pending', timestamp: at(5) }));
    s.update(message('o1', { direction: 'out', status: 'acked', timestamp: at(5) }));
    s.add(message('o1', { direction: 'out', status: 'pending', timestamp: at(5) }));
    const t = useChat.getState().timelines[key]!;
    expect(t.messages.map((m) => [m.id, m.status])).toEqual([
      ['m1', 'received'],
      ['o1', 'acked'],
    ]);
  });

  it('places a late message by time, and leaves older-than-loaded ones to paging', () => {
    const s = useChat.getState();
    s.prepend(
      key,
      [message('m2', { timestamp: at(2) }), message('m4', { timestamp: at(4) })],
      false,
    );
    s.add(message('m3', { timestamp: at(3) }));
    s.add(message('m0', { timestamp: at(0) }));
    const t = useChat.getState().timelines[key]!;
    expect(t.messages.map((m) => m.id)).toEqual(['m2', 'm3', 'm4']);
    expect(t.firstItemIndex).toBe(FIRST_INDEX - 2);
  });

  it('ignores messages of conversations not loaded, and clears typing on an incoming one', () => {
    const s = useChat.getState();
    s.setTyping('a1', 'alice@example.org', 'composing');
    expect(useChat.getState().typing[key]).toBe('composing');
    s.add(message('x'));
    expect(useChat.getState().timelines[key]).toBeUndefined();
    expect(useChat.getState().typing[key]).toBeUndefined();
    s.setTyping('a1', 'alice@example.org', 'paused');
    s.setTyping('a1', 'alice@example.org', 'active');
    expect(useChat.getState().typing[key]).toBeUndefined();
  });

  it('keeps a bounded number of timelines', () => {
    const s = useChat.getState();
    for (let i = 0; i < 10; i++) {
      const k = chatKey('a1', `p${i}@x.org`);
      s.touch(k);
      s.prepend(k, [], true);
    }
    expect(Object.keys(useChat.getState().timelines)).toHaveLength(6);
    expect(useChat.getState().timelines[chatKey('a1', 'p9@x.org')]).toBeDefined();
    expect(useChat.getState().timelines[chatKey('a1', 'p0@x.org')]).toBeUndefined();
  });
});
