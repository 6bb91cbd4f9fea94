import { useEffect, type RefObject } from 'react';
import type { VirtuosoHandle } from 'react-virtuoso';
import { useSearchUi } from './store';

/** How long the opened message stays marked. */
const MARK_MS = 4_000;
/** Frames to wait for the scrolled-to bubble to be rendered before giving up on marking it. */
const MAX_FRAMES = 120;

/**
 * Scrolls a timeline to the message a search hit opened and marks its bubble for a moment.
 * `indexOf` maps a message id to its Virtuoso index (null while it is not loaded yet).
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
    ref.current?.scrollToIndex({ index, align: 'center' });
    let frames = 0;
    let frame = 0;
    let unmark: ReturnType<typeof setTimeout> | null = null;
    let marked: HTMLElement | null = null;
    const mark = () => {
      const bubble = document.querySelector<HTMLElement>(
        `[data-testid="message"][data-id="${CSS.escape(focus.id)}"]`,
      );
      if (!bubble) {
        if (++frames < MAX_FRAMES) frame = requestAnimationFrame(mark);
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
