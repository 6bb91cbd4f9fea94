import '../../test/jsdom.js';
import { renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { USER_SCROLL_MS, useStickToBottom } from './useStickToBottom';

/** A scroller with the geometry jsdom does not lay out: 1,000 px of content in a 200 px view. */
function scroller(): HTMLElement & { content: number } {
  const el = Object.assign(document.createElement('div'), { content: 1_000 });
  let top = 800;
  Object.defineProperties(el, {
    scrollHeight: { get: () => el.content },
    clientHeight: { get: () => 200 },
    scrollTop: {
      get: () => top,
      set: (value: number) => {
        top = Math.max(0, Math.min(value, el.content - 200));
      },
    },
  });
  document.body.append(el);
  return el;
}

/** The hook on a scroller at its bottom, with performance.now() under the test's control. */
function stuckToBottom() {
  vi.useFakeTimers({ toFake: ['performance'] });
  const el = scroller();
  const { result } = renderHook(() => useStickToBottom(true));
  result.current.scrollerRef(el);
  return { el, stick: () => result.current };
}

function scrollTo(el: HTMLElement, top: number): void {
  el.scrollTop = top;
  el.dispatchEvent(new Event('scroll'));
}

afterEach(() => {
  vi.useRealTimers();
  document.body.replaceChildren();
});

describe('useStickToBottom', () => {
  it('keeps the bottom when the position goes up by itself (rows above measured shorter)', () => {
    const { el, stick } = stuckToBottom();
    // New messages below, then Virtuoso corrects the rows above: the position goes up with no
    // one scrolling.
    el.content = 1_400;
    scrollTo(el, 700);
    expect(stick().following()).toBe(true);
    stick().heightChanged();
    expect(el.scrollTop).toBe(1_200);
  });

  it('lets go when the user scrolls up with the wheel or a key, and takes hold at the bottom', () => {
    const { el, stick } = stuckToBottom();
    el.dispatchEvent(new Event('wheel'));
    scrollTo(el, 300);
    expect(stick().following()).toBe(false);
    stick().heightChanged();
    expect(el.scrollTop).toBe(300);

    scrollTo(el, 800);
    expect(stick().following()).toBe(true);
    el.dispatchEvent(new KeyboardEvent('keydown', { key: 'PageUp' }));
    scrollTo(el, 600);
    expect(stick().following()).toBe(false);
  });

  it('counts a scroll as the user’s only shortly after their input', () => {
    const { el, stick } = stuckToBottom();
    el.dispatchEvent(new Event('wheel'));
    vi.advanceTimersByTime(USER_SCROLL_MS + 1);
    scrollTo(el, 300);
    expect(stick().following()).toBe(true);
  });

  it('lets go while the scrollbar is held, however long the drag', () => {
    const { el, stick } = stuckToBottom();
    el.dispatchEvent(new Event('pointerdown'));
    vi.advanceTimersByTime(5_000);
    scrollTo(el, 300);
    expect(stick().following()).toBe(false);
    globalThis.dispatchEvent(new Event('pointerup'));
    scrollTo(el, 800);
    vi.advanceTimersByTime(USER_SCROLL_MS + 1);
    scrollTo(el, 500);
    expect(stick().following()).toBe(true);
  });
  it('once let go for a message, takes hold again only by the user coming down, or hold()', () => {
    const { el, stick } = stuckToBottom();
    stick().release();
    // On its way to a search hit the list passes by the bottom by itself: still let go.
    scrollTo(el, 800);
    expect(stick().following()).toBe(false);
    el.content = 1_400;
    stick().heightChanged();
    expect(el.scrollTop).toBe(800);
    // The user scrolls down to the end: held again.
    el.dispatchEvent(new Event('wheel'));
    scrollTo(el, 1_200);
    expect(stick().following()).toBe(true);

    stick().release();
    scrollTo(el, 100);
    el.content = 1_600;
    stick().hold();
    expect(stick().following()).toBe(true);
    expect(el.scrollTop).toBe(1_400);
  });
});
