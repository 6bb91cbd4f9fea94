import { forwardRef } from 'react';
import type { ScrollerProps } from 'react-virtuoso';

/**
 * A virtual list's scroller that is no tab stop of its own (Virtuoso makes it one): with roving
 * focus the list's one tab stop is its active entry, and ↑/↓ scroll it into view.
 */
export const ListScroller = forwardRef<HTMLDivElement, ScrollerProps>(
  function ListScroller(props, ref) {
    return <div {...props} ref={ref} tabIndex={-1} />;
  },
);
