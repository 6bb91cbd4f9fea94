import '../test/jsdom.js';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Show } from '@parley/contract';
import { PresenceDot } from './PresenceDot';

afterEach(cleanup);

const shows: Show[] = ['available', 'chat', 'away', 'xa', 'dnd', 'offline'];

/** The drawing a dot shows, as markup: what a person without colour vision goes by. */
function shapeOf(show: Show): string {
  const { container } = render(<PresenceDot show={show} />);
  const svg = container.querySelector('svg');
  if (!svg) throw new Error(`no shape drawn for ${show}`);
  const markup = svg.innerHTML;
  cleanup();
  return markup;
}

describe('PresenceDot', () => {
  it('draws away, not available, busy, available and offline as different shapes', () => {
    const distinct = ['available', 'away', 'xa', 'dnd', 'offline'] as const;
    const shapes = new Set(distinct.map(shapeOf));
    expect(shapes.size).toBe(distinct.length);
    expect(shapeOf('away')).not.toBe(shapeOf('xa'));
  });

  it('names the state in words for screen readers, and the shape is not read out', () => {
    const names: Record<Show, string> = {
      available: 'Available',
      chat: 'Free for chat',
      away: 'Away',
      xa: 'Not available',
      dnd: 'Busy',
      offline: 'Offline',
    };
    for (const show of shows) {
      render(<PresenceDot show={show} />);
      const dot = screen.getByRole('img', { name: names[show] });
      expect(dot.querySelector('svg')?.getAttribute('aria-hidden')).toBe('true');
      cleanup();
    }
  });

  it('marks the glyph it draws', () => {
    render(<PresenceDot show="xa" />);
    expect(screen.getByRole('img').dataset.glyph).toBe('moon');
  });
});
