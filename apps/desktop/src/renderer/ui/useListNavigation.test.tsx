import '../test/jsdom.js';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nextListIndex } from './list-navigation';
import { useListNavigation, type ListNavigationOptions } from './useListNavigation';

afterEach(cleanup);

function List({
  count,
  ...options
}: Partial<ListNavigationOptions> & { count: number; onRange?(fn: (r: never) => void): void }) {
  const nav = useListNavigation({ count, reveal: () => undefined, ...options });
  options.onRange?.(nav.rangeChanged as (r: never) => void);
  return (
    <ul {...nav.listProps}>
      {Array.from({ length: count }, (_, i) => (
        <li key={i}>
          <button type="button" data-nav-index={i} tabIndex={nav.tabIndexOf(i)}>
            entry {i}
          </button>
        </li>
      ))}
    </ul>
  );
}

const entry = (i: number) => screen.getByText(`entry ${i}`);
const tabStops = () =>
  screen.getAllByRole('button').filter((b) => b.getAttribute('tabindex') === '0');

describe('nextListIndex', () => {
  it('moves one entry, stops at the ends, jumps with Home/End and by pages', () => {
    expect(nextListIndex('ArrowDown', 0, 3)).toBe(1);
    expect(nextListIndex('ArrowDown', 2, 3)).toBe(2);
    expect(nextListIndex('ArrowUp', 0, 3)).toBe(0);
    expect(nextListIndex('End', 0, 3)).toBe(2);
    expect(nextListIndex('Home', 2, 3)).toBe(0);
    expect(nextListIndex('PageDown', 0, 30)).toBe(10);
    expect(nextListIndex('PageUp', 5, 30)).toBe(0);
    expect(nextListIndex('a', 0, 3)).toBeNull();
    expect(nextListIndex('ArrowDown', 0, 0)).toBeNull();
  });
});

describe('useListNavigation', () => {
  it('keeps one tab stop that the arrows, Home and End move with the focus', () => {
    render(<List count={4} />);
    expect(tabStops()).toEqual([entry(0)]);
    entry(0).focus();
    fireEvent.keyDown(entry(0), { key: 'ArrowDown' });
    expect(document.activeElement).toBe(entry(1));
    expect(tabStops()).toEqual([entry(1)]);
    fireEvent.keyDown(entry(1), { key: 'End' });
    expect(document.activeElement).toBe(entry(3));
    fireEvent.keyDown(entry(3), { key: 'ArrowDown' });
    expect(document.activeElement).toBe(entry(3));
    fireEvent.keyDown(entry(3), { key: 'Home' });
    expect(document.activeElement).toBe(entry(0));
    expect(tabStops()).toEqual([entry(0)]);
  });

  it('starts the tab stop on the selected entry', () => {
    render(<List count={4} selectedIndex={2} />);
    expect(tabStops()).toEqual([entry(2)]);
  });

  it('renames the focused entry with F2', () => {
    const onRename = vi.fn();
    render(<List count={3} onRename={onRename} />);
    fireEvent.keyDown(entry(1), { key: 'F2' });
    expect(onRename).toHaveBeenCalledWith(1);
  });

  it('leaves chords with Alt or Ctrl to the window (next conversation)', () => {
    const reveal = vi.fn();
    render(<List count={3} reveal={reveal} />);
    entry(0).focus();
    const event = fireEvent.keyDown(entry(0), { key: 'ArrowDown', altKey: true });
    expect(event).toBe(true);
    expect(reveal).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(entry(0));
  });

  it('focuses an entry a virtual list renders only after scrolling to it', () => {
    vi.useFakeTimers({ toFake: ['requestAnimationFrame'] });
    try {
      let shown = 2;
      const { rerender } = render(<PartlyRendered count={5} shown={shown} />);
      entry(1).focus();
      fireEvent.keyDown(entry(1), { key: 'End' });
      expect(document.activeElement).toBe(entry(1));
      shown = 5;
      rerender(<PartlyRendered count={5} shown={shown} />);
      act(() => void vi.advanceTimersToNextFrame());
      expect(document.activeElement).toBe(entry(4));
    } finally {
      vi.useRealTimers();
    }
  });

  it('moves the tab stop to a shown entry when the active one scrolled away', () => {
    let range: ((r: { startIndex: number; endIndex: number }) => void) | null = null;
    render(<List count={30} onRange={(fn) => (range = fn as never)} />);
    act(() => range?.({ startIndex: 12, endIndex: 20 }));
    expect(tabStops()).toEqual([entry(12)]);
  });
});

/** A list that renders only its first `shown` entries, like a virtual list before scrolling. */
function PartlyRendered({ count, shown }: { count: number; shown: number }) {
  const nav = useListNavigation({ count, reveal: () => undefined });
  return (
    <ul {...nav.listProps}>
      {Array.from({ length: shown }, (_, i) => (
        <li key={i}>
          <button type="button" data-nav-index={i} tabIndex={nav.tabIndexOf(i)}>
            entry {i}
          </button>
        </li>
      ))}
    </ul>
  );
}
