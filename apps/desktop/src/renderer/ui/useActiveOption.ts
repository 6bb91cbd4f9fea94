import { useState, type KeyboardEvent } from 'react';

/**
 * The highlighted row of a filter-as-you-type list (the quick switcher, the command palette):
 * ↓/↑ move it round the list, Enter takes it. `reset` goes back to the top when the filter
 * changes.
 */
export function useActiveOption(count: number, choose: (index: number) => void) {
  const [active, setActive] = useState(0);
  const current = Math.min(active, Math.max(0, count - 1));
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((current + 1) % Math.max(1, count));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((current - 1 + count) % Math.max(1, count));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      choose(current);
    }
  };
  return { current, setActive, onKeyDown, reset: () => setActive(0) };
}
