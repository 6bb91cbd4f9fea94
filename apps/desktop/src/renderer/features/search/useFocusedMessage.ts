import { useEffect, type RefObject } from 'react';
import type { VirtuosoHandle } from 'react-virtuoso';
import { useSearchUi } from './store';

/** How long the opened message stays marked. */
const MARK_MS = 4_000;
/** How often, and how long at most, to look for the scrolled-to bubble. */
const POLL_MS = 50;
const GIVE_UP_MS = 10_000;
/** Ask the list to scroll again every this many polls while the bubble is not there. */
const RESCROLL_EVERY = 4;

/**
 * Scrolls a timeline to the message a search hit opened and marks its bubble for a moment.
 * `indexOf` maps a message id to its position among the loaded items, 0 for the oldest (what
 * Virtuoso's scrollToIndex takes), null while it is not loaded.
 */
export function useFocusedMessage(
  ref: RefObject<VirtuosoHandle | null>,
  conversationKey: string,
  indexOf: (id: string) => number | null,
  /** Before the view moves to the message: whatever holds it elsewhere lets go. */
  onFocus?: () => void,
): void {
  const focus = useSearchUi((s) => (s.focus?.key === conversationKey ? s.focus : null));
  const index = focus ? indexOf(focus.id) : null;
  useEffect(() => {
    if (!focus || index === null) return;
    onFocus?.();
    const scroll = () => ref.current?.scrollToIndex({ index, align: 'center' });
    scroll();
    const started = Date.now();
    let polls = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const mark = () => {
      const bubble = document.querySelector<HTMLElement>(
        `[data-testid="message"][data-id="${CSS.escape(focus.id)}"]`,
      );
      if (!bubble) {
        // A list that is still settling (its first layout, a page just put in front, sizes
        // being measured) can move the view after a scroll: ask again until the bubble is there.
        if (++polls % RESCROLL_EVERY === 0) scroll();
        if (Date.now() - started < GIVE_UP_MS) timer = setTimeout(mark, POLL_MS);
        return;
      }
      timer = null;
      bubble.scrollIntoView({ block: 'center' });
      const { setMarked } = useSearchUi.getState();
      setMarked(focus.id);
      setTimeout(() => {
        if (useSearchUi.getState().marked === focus.id) setMarked(null);
      }, MARK_MS);
      // Shown once: coming back to the conversation later must not jump to it again.
      useSearchUi.getState().clearFocus(focus.nonce);
    };
    timer = setTimeout(mark, POLL_MS);
    return () => {
      if (timer) clearTimeout(timer);
    };
    // The nonce re-runs it when the same message is opened again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focus?.nonce, index]);
}
