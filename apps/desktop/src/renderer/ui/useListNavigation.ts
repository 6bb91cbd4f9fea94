import { useCallback, useState, type FocusEvent, type KeyboardEvent } from 'react';
import { nextListIndex } from './list-navigation';

/** Frames to wait for a virtual list to render the entry it scrolled to. */
const FOCUS_FRAMES = 30;

export interface ListNavigationOptions {
  count: number;
  /** The entry that holds the tab stop before the user moved (the open conversation). */
  selectedIndex?: number;
  /** Brings an entry into the DOM and into view (a virtual list's scrollIntoView). */
  reveal(index: number): void;
  /** F2 on an entry. */
  onRename?(index: number): void;
}

export interface ListNavigation {
  /** For the list's root element: arrow keys, F2 and focus tracking. */
  listProps: {
    onKeyDown(event: KeyboardEvent<HTMLElement>): void;
    onFocus(event: FocusEvent<HTMLElement>): void;
  };
  /** An entry's tabIndex: 0 for the list's one tab stop, -1 for the others. */
  tabIndexOf(index: number): 0 | -1;
  /** A virtual list's rangeChanged: the tab stop must be on an entry that exists. */
  rangeChanged(range: { startIndex: number; endIndex: number }): void;
}

function entryIndex(target: EventTarget): number | null {
  if (!(target instanceof HTMLElement) || target.dataset.navIndex === undefined) return null;
  const index = Number(target.dataset.navIndex);
  return Number.isInteger(index) ? index : null;
}

/** Focuses entry `index` of `root` once the virtual list has rendered it (bounded wait). */
function focusEntry(root: HTMLElement, index: number, frame = 0): void {
  const entry = root.querySelector<HTMLElement>(`[data-nav-index="${index}"]`);
  if (entry) entry.focus();
  else if (frame < FOCUS_FRAMES) requestAnimationFrame(() => focusEntry(root, index, frame + 1));
}

/**
 * Roving focus for a list (WAI-ARIA's pattern): one tab stop, ↑/↓/Home/End/Page keys move,
 * Enter opens (entries are buttons), F2 renames. Each entry carries `data-nav-index` and
 * `tabIndex={tabIndexOf(i)}`; the root spreads `listProps`.
 */
export function useListNavigation({
  count,
  selectedIndex,
  reveal,
  onRename,
}: ListNavigationOptions): ListNavigation {
  const [active, setActive] = useState<number | null>(null);
  const [range, setRange] = useState<{ start: number; end: number } | null>(null);
  const last = Math.max(0, count - 1);
  const wanted = active ?? (selectedIndex !== undefined && selectedIndex >= 0 ? selectedIndex : 0);
  const current = Math.min(wanted, last);
  // Scrolled away from the active entry (unmounted by the virtual list): the first one shown.
  const stop =
    range && (current < range.start || current > range.end) ? Math.min(range.start, last) : current;

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLElement>) => {
      const from = entryIndex(event.target);
      if (from === null || event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.key === 'F2' && onRename && !event.shiftKey) {
        event.preventDefault();
        onRename(from);
        return;
      }
      if (event.shiftKey) return;
      const to = nextListIndex(event.key, from, count);
      if (to === null) return;
      event.preventDefault();
      setActive(to);
      reveal(to);
      focusEntry(event.currentTarget, to);
    },
    [count, reveal, onRename],
  );
  const onFocus = useCallback((event: FocusEvent<HTMLElement>) => {
    const index = entryIndex(event.target);
    if (index !== null) setActive(index);
  }, []);
  const tabIndexOf = useCallback((index: number) => (index === stop ? 0 : -1), [stop]);
  const rangeChanged = useCallback(
    ({ startIndex, endIndex }: { startIndex: number; endIndex: number }) =>
      setRange((r) =>
        r && r.start === startIndex && r.end === endIndex
          ? r
          : { start: startIndex, end: endIndex },
      ),
    [],
  );
  return { listProps: { onKeyDown, onFocus }, tabIndexOf, rangeChanged };
}
