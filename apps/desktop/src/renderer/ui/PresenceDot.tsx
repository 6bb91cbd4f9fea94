import type { ReactNode } from 'react';
import type { Show } from '@parley/contract';
import { SHOW_LABEL } from './names';

/** What each glyph is, for tests and for styles: never only a colour (WCAG 1.4.1). */
export const PRESENCE_GLYPH: Record<Show, string> = {
  available: 'dot',
  chat: 'dot',
  away: 'clock',
  xa: 'moon',
  dnd: 'bar',
  offline: 'ring',
};

const DOT = <circle cx="5" cy="5" r="5" fill="currentColor" />;

/** 10×10 drawings in the presence colour; the cut-outs are in the glyph colour (see CSS). */
const SHAPES: Record<string, ReactNode> = {
  dot: DOT,
  clock: (
    <>
      {DOT}
      <path className="presence-glyph" d="M5 2.3V5.4H7.4" fill="none" strokeWidth="1.5" />
    </>
  ),
  moon: <path d="M4.32 0.05A5 5 0 1 0 9.95 5.68A4 4 0 0 1 4.32 0.05Z" fill="currentColor" />,
  bar: (
    <>
      {DOT}
      <rect className="presence-glyph" x="2.1" y="4.1" width="5.8" height="1.8" rx="0.5" />
    </>
  ),
  ring: <circle cx="5" cy="5" r="3.9" fill="none" stroke="currentColor" strokeWidth="2.2" />,
};

/**
 * A contact's presence as a small shape: a dot when available, a clock when away, a moon when
 * not available, a bar when busy, a ring when offline, so the states differ without colour;
 * its accessible name is the state in words.
 */
export function PresenceDot({ show, className = '' }: { show: Show; className?: string }) {
  const glyph = PRESENCE_GLYPH[show];
  return (
    <span
      className={`presence-dot presence-${show} ${className}`}
      role="img"
      aria-label={SHOW_LABEL[show]}
      title={SHOW_LABEL[show]}
      data-show={show}
      data-glyph={glyph}
    >
      <svg viewBox="0 0 10 10" aria-hidden="true" focusable="false">
        {SHAPES[glyph]}
      </svg>
    </span>
  );
}
