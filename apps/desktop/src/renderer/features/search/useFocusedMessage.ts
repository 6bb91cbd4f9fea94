import { useEffect, type RefObject } from 'react';
import type { VirtuosoHandle } from 'react-virtuoso';
import { useSearchUi } from './store';

/** How long the opened message stays marked. */
const MARK_MS = 4_000;
/** Frames to wait for the scrolled-to bubble to be rendered before giving up on marking it. */
const MAX_FRAMES = 240;
const RESCROLL_EVERY = 15;

/**
 * Scrolls a timeline to the message a search hit opened and marks its bubble for a moment.
 * `indexOf` maps a message id to its position among the loaded items, 0 for the oldest (what
 * Virtuoso's scrollToIndex takes), null while it is not loaded.
 */
export function useFocusedMessage(
  ref: RefObject<VirtuosoHandle | null>,
  conversationKey: string,
  indexOf: (id: string) => number | null,
): void {
  const focus = useSearchUi((s) => (s.focus?.key === conversationKey ? s.focus : null));
  const index = focus ? indexOf(focus.id) : null;
  useEffect(() => {
    if (!focus || index === null) return;
    const scroll = () => ref.current?.scrollToIndex({ index, align: 'center' });
    scroll();
    let frames = 0;
    let frame = 0;
    let unmark: ReturnType<typeof setTimeout> | null = null;
    let marked: HTMLElement | null = null;
    const mark = () => {
      const bubble = document.querySelector<HTMLElement>(
        `[data-testid="message"][data-id="${CSS.escape(focus.id)}"]`,
      );
      if (!bubble) {
        // A timeline that is still settling (first layout, a page just prepended) can move
        // the view after the first scroll: ask again now and then until the bubble is there.
        if (++frames % RESCROLL_EVERY === 0) scroll();
        if (frames < MAX_FRAMES) frame = requestAnimationFrame(mark);
        return;
      }
      // An attribute React does not own, so a re-render of the bubble keeps it.
      bubble.setAttribute('data-search-focus', 'true');
      marked = bubble;
      unmark = setTimeout(() => bubble.removeAttribute('data-search-focus'), MARK_MS);
    };
    frame = requestAnimationFrame(mark);
    return () => {
      cancelAnimationFrame(frame);
      if (unmark) clearTimeout(unmark);
      marked?.removeAttribute('data-search-focus');
    };
    // The nonce re-runs it when the same message is opened again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focus?.nonce, index]);
}
