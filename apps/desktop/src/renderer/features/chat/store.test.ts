import { beforeEach, describe, expect, it } from 'vitest';
import { message } from '../../test/fixtures';
import { chatKey } from '../ui/store';
import { FIRST_INDEX, KEPT_AFTER_TRIM, MAX_KEPT_MESSAGES, useChat } from './store';

const key = chatKey('a1', 'alice@example.org');
const at = (minute: number) => Date.UTC(2025, 0, 1, 12, minute);

describe('chat store', () => {
  beforeEach(() =>
    useChat.setState({ timelines: {}, recent: [], typing: {}, drafts: {}, atBottom: {} }),
  );

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

  it('keeps a bounded number of messages in a timeline at the bottom as messages keep arriving', () => {
    const s = useChat.getState();
    s.prepend(key, [message('m0', { timestamp: at(0) })], true);
    s.setAtBottom(key, true);
    const arriving = 2_000;
    for (let i = 1; i <= arriving; i++) s.add(message(`m${i}`, { timestamp: at(i) }));
    const t = useChat.getState().timelines[key]!;
    expect(t.messages.length).toBeLessThanOrEqual(MAX_KEPT_MESSAGES);
    expect(t.messages.length).toBeGreaterThanOrEqual(KEPT_AFTER_TRIM);
    // The newest are kept, in order; the older ones page in again from the store.
    expect(t.messages.at(-1)?.id).toBe(`m${arriving}`);
    const first = Number(t.messages[0]!.id.slice(1));
    expect(t.messages.map((m) => m.id)).toEqual(
      Array.from({ length: arriving - first + 1 }, (_, i) => `m${first + i}`),
    );
    expect(t.complete).toBe(false);
    // The view starts afresh after each cut (Timeline.tsx); the index is left as it was.
    expect(t.trims).toBeGreaterThan(0);
    expect(t.firstItemIndex).toBe(FIRST_INDEX - 1);
  });

  it('keeps every message while the user is scrolled up in the timeline', () => {
    const s = useChat.getState();
    s.prepend(key, [message('m0', { timestamp: at(0) })], true);
    s.setAtBottom(key, false);
    const arriving = MAX_KEPT_MESSAGES + 10;
    s.applyMessages(
      Array.from({ length: arriving }, (_, i) => ({
        kind: 'added' as const,
        message: message(`m${i + 1}`, { timestamp: at(i + 1) }),
      })),
    );
    const t = useChat.getState().timelines[key]!;
    expect(t.messages).toHaveLength(arriving + 1);
    expect(t.complete).toBe(true);
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
