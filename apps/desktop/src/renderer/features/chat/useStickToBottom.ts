import { useMemo, useRef } from 'react';

/** Within this many pixels of the end the view counts as at the bottom (Virtuoso's threshold). */
export const AT_BOTTOM_PX = 24;

export interface StickToBottom {
  /** For Virtuoso's scrollerRef: the element that scrolls. */
  scrollerRef(element: HTMLElement | Window | null): void;
  /** For Virtuoso's totalListHeightChanged: content grew or shrank. */
  heightChanged(): void;
  /** True while the view keeps to the bottom (the user has not scrolled up since). */
  following(): boolean;
  /** Lets go of the bottom: the view is being moved to a message (a search hit, a quote). */
  release(): void;
}

/**
 * Keeps a timeline at its bottom while the user is there, also when the newest bubble grows
 * after it arrived (an image that loads late, a file card, a long message laid out again):
 * Virtuoso follows new items, not items that change size, and a bubble taller than its
 * at-bottom threshold would leave the view "scrolled up". Only the user scrolling up (the
 * position going up, which growing content never does) lets go; reaching the bottom again
 * takes hold.
 */
export function useStickToBottom(initially: boolean): StickToBottom {
  const follow = useRef(initially);
  const scroller = useRef<HTMLElement | null>(null);
  return useMemo(() => {
    let lastTop = 0;
    const toBottom = (): void => {
      const el = scroller.current;
      if (!el || !follow.current) return;
      if (el.scrollHeight - el.scrollTop - el.clientHeight > 0) el.scrollTop = el.scrollHeight;
    };
    // The view itself getting shorter (a taller composer, a reply banner) keeps the bottom too.
    const resized =
      typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => toBottom());
    const onScroll = (): void => {
      const el = scroller.current;
      if (!el) return;
      const gap = el.scrollHeight - el.scrollTop - el.clientHeight;
      if (gap <= AT_BOTTOM_PX) follow.current = true;
      else if (el.scrollTop < lastTop) follow.current = false;
      lastTop = el.scrollTop;
    };
    return {
      scrollerRef(element) {
        scroller.current?.removeEventListener('scroll', onScroll, { capture: true });
        resized?.disconnect();
        scroller.current = element instanceof HTMLElement ? element : null;
        // Capture: seen before Virtuoso's own listener, so `following` is current when it
        // reports the bottom left.
        scroller.current?.addEventListener('scroll', onScroll, { passive: true, capture: true });
        if (scroller.current) resized?.observe(scroller.current);
        lastTop = scroller.current?.scrollTop ?? 0;
      },
      heightChanged: toBottom,
      following: () => follow.current,
      release: () => {
        follow.current = false;
      },
    };
  }, []);
}
