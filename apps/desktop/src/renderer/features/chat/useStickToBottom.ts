import { useMemo, useRef } from 'react';

/** Within this many pixels of the end the view counts as at the bottom (Virtuoso's threshold). */
export const AT_BOTTOM_PX = 24;

/** A scroll this soon after the user's wheel, touch or key is the user's own. */
export const USER_SCROLL_MS = 600;

/** What moves a view when the user scrolls it (a pressed scrollbar counts until released). */
const USER_INPUT = ['wheel', 'touchmove', 'keydown'] as const;
const RELEASE = ['pointerup', 'pointercancel'] as const;

export interface StickToBottom {
  /** For Virtuoso's scrollerRef: the element that scrolls. */
  scrollerRef(element: HTMLElement | Window | null): void;
  /** For Virtuoso's totalListHeightChanged: content grew or shrank. */
  heightChanged(): void;
  /** True while the view keeps to the bottom (the user has not scrolled up since). */
  following(): boolean;
  /**
   * Lets go of the bottom: the view is being moved to a message (a search hit, a quote). Until
   * the user comes back down (or `hold`), the bottom takes hold again only by the user's own
   * scrolling: on its way to the message the list may pass by the bottom by itself.
   */
  release(): void;
  /** Keeps to the bottom again, whatever happened before: the user asked for the latest. */
  hold(): void;
}

/**
 * Keeps a timeline at its bottom while the user is there, also when the newest bubble grows
 * after it arrived (an image that loads late, a file card, a long message laid out again):
 * Virtuoso follows new items, not items that change size, and a bubble taller than its
 * at-bottom threshold would leave the view "scrolled up". Only the user scrolling up lets go
 * (the position going up right after a wheel, touch, key or scrollbar drag); reaching the
 * bottom again takes hold. The position also goes up by itself, with no one scrolling: Virtuoso
 * moves it when rows above are measured shorter than it guessed, which a busy machine does late
 * in a burst of messages. That is not the user leaving.
 */
export function useStickToBottom(initially: boolean): StickToBottom {
  const follow = useRef(initially);
  const scroller = useRef<HTMLElement | null>(null);
  return useMemo(() => {
    let lastTop = 0;
    let userUntil = 0;
    // Let go for a message elsewhere (release): a scroll of the list's own does not end that.
    let letGo = false;
    const now = (): number => performance.now();
    const userInput = (): void => {
      userUntil = Math.max(userUntil, now() + USER_SCROLL_MS);
    };
    const pressed = (event: Event): void => {
      // The scroller itself (its scrollbar), not a bubble inside it.
      if (event.target === scroller.current) userUntil = Number.POSITIVE_INFINITY;
    };
    const released = (): void => {
      if (userUntil === Number.POSITIVE_INFINITY) userUntil = now() + USER_SCROLL_MS;
    };
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
      if (gap <= AT_BOTTOM_PX) {
        if (!letGo || now() < userUntil) {
          follow.current = true;
          letGo = false;
        }
      } else if (el.scrollTop < lastTop && now() < userUntil) follow.current = false;
      lastTop = el.scrollTop;
    };
    return {
      scrollerRef(element) {
        const old = scroller.current;
        old?.removeEventListener('scroll', onScroll, { capture: true });
        for (const name of USER_INPUT) old?.removeEventListener(name, userInput, { capture: true });
        old?.removeEventListener('pointerdown', pressed);
        if (old) for (const name of RELEASE) globalThis.removeEventListener(name, released);
        resized?.disconnect();
        scroller.current = element instanceof HTMLElement ? element : null;
        // Capture: seen before Virtuoso's own listener, so `following` is current when it
        // reports the bottom left.
        scroller.current?.addEventListener('scroll', onScroll, { passive: true, capture: true });
        for (const name of USER_INPUT) {
          scroller.current?.addEventListener(name, userInput, { passive: true, capture: true });
        }
        scroller.current?.addEventListener('pointerdown', pressed);
        if (scroller.current)
          for (const name of RELEASE) globalThis.addEventListener(name, released);
        if (scroller.current) resized?.observe(scroller.current);
        lastTop = scroller.current?.scrollTop ?? 0;
      },
      // Not looked at again a frame later: that look lays the page out once more per frame
      // while a catch-up streams in (bench omemo-frames); a new message brings the view down
      // through followOutput (Timeline), which asks `following`.
      heightChanged: toBottom,
      following: () => follow.current,
      release: () => {
        follow.current = false;
        letGo = true;
      },
      hold: () => {
        letGo = false;
        follow.current = true;
        toBottom();
      },
    };
  }, []);
}
