import type { HighlightRange } from '@parley/contract';
import type { ReactNode } from 'react';

/** Characters of context kept before the first match when a long body is shortened. */
const LEAD = 40;
/** Characters shown at most per result. */
const SHOWN = 240;

/**
 * A body with the matched words marked. Text nodes and <mark> only: the body is never parsed
 * as HTML. Ranges come from the backend and are clamped (a range past the end marks nothing).
 */
export function Highlighted({ text, ranges }: { text: string; ranges: readonly HighlightRange[] }) {
  const firstStart = ranges[0]?.start ?? 0;
  const from = firstStart > LEAD ? firstStart - LEAD : 0;
  const to = Math.min(text.length, from + SHOWN);
  const parts: ReactNode[] = [];
  let at = from;
  for (const [i, r] of ranges.entries()) {
    const start = Math.max(r.start, at);
    const end = Math.min(r.end, to);
    if (end <= start) continue;
    if (start > at) parts.push(<span key={`t${i}`}>{text.slice(at, start)}</span>);
    parts.push(<mark key={`m${i}`}>{text.slice(start, end)}</mark>);
    at = end;
  }
  if (at < to) parts.push(<span key="rest">{text.slice(at, to)}</span>);
  return (
    <>
      {from > 0 && '…'}
      {parts}
      {to < text.length && '…'}
    </>
  );
}
