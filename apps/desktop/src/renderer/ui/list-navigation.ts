/** Entries a Page Up / Page Down moves by. */
export const PAGE_STEP = 10;

/**
 * Where a key moves the focus in a list of `count` entries, from `current`: ↑/↓ one entry
 * (stopping at the ends, as lists do, unlike the wrapping of Ctrl+Tab), Home/End to the ends,
 * Page Up/Down by a page. Null for any other key or an empty list.
 */
export function nextListIndex(key: string, current: number, count: number): number | null {
  if (count <= 0) return null;
  const last = count - 1;
  const from = Math.max(0, Math.min(current, last));
  switch (key) {
    case 'ArrowDown':
      return Math.min(from + 1, last);
    case 'ArrowUp':
      return Math.max(from - 1, 0);
    case 'Home':
      return 0;
    case 'End':
      return last;
    case 'PageDown':
      return Math.min(from + PAGE_STEP, last);
    case 'PageUp':
      return Math.max(from - PAGE_STEP, 0);
    default:
      return null;
  }
}
