import type { ReactNode } from 'react';
import type { Span, StyledLine } from './styling';

/** Renders the plain text of a line (links made by the caller); never HTML. */
export type TextRenderer = (text: string, key: string) => ReactNode;

/**
 * XEP-0393 styled lines as React elements, text nodes only. Every character of the body is
 * rendered: the directives (*, _, ~, `, ```, >) stay visible, dimmed, and hidden from screen
 * readers. The XEP recommends showing them; it also keeps a copy of the message identical to
 * what was sent, and a sender who did not mean styling (a lone "*footnote") loses nothing.
 */
export function StyledLines({ lines, text }: { lines: StyledLine[]; text: TextRenderer }) {
  return <>{renderLevel(lines, 0, lines.length, 0, text)}</>;
}

/** The lines [from, to) at quotation depth `depth`: deeper runs become nested blockquotes. */
function renderLevel(
  lines: StyledLine[],
  from: number,
  to: number,
  depth: number,
  text: TextRenderer,
): ReactNode[] {
  const nodes: ReactNode[] = [];
  let i = from;
  while (i < to) {
    const line = lines[i]!;
    if (line.depth > depth) {
      let end = i;
      while (end < to && lines[end]!.depth > depth) end += 1;
      nodes.push(
        <blockquote key={`q${i}`} className="styling-quote">
          {renderLevel(lines, i, end, depth + 1, text)}
        </blockquote>,
      );
      i = end;
    } else if (line.kind === 'plain') {
      nodes.push(
        <span key={`l${i}`} className="styling-line">
          {quoteMarker(line)}
          {renderSpans(line.spans, `l${i}`, text)}
          {newline(lines, i)}
        </span>,
      );
      i += 1;
    } else {
      let end = i;
      while (end < to && lines[end]!.block === line.block && lines[end]!.depth === depth) end += 1;
      nodes.push(
        <pre key={`p${i}`} className="styling-pre">
          {lines.slice(i, end).map((pre, n) => (
            <span key={n} className={pre.kind === 'fence' ? 'styling-marker' : undefined}>
              {quoteMarker(pre)}
              {pre.text}
              {newline(lines, i + n)}
            </span>
          ))}
        </pre>,
      );
      i = end;
    }
  }
  return nodes;
}

function quoteMarker(line: StyledLine): ReactNode {
  return line.quote ? marker(line.quote) : null;
}

/** The line break after a line, inside the line's own element (no empty line after a block). */
function newline(lines: StyledLine[], index: number): string | null {
  return index < lines.length - 1 ? '\n' : null;
}

function marker(text: string): ReactNode {
  return (
    <span className="styling-marker" aria-hidden="true">
      {text}
    </span>
  );
}

const SPAN_ELEMENT = { strong: 'strong', emphasis: 'em', strike: 's' } as const;

function renderSpans(spans: Span[], key: string, text: TextRenderer): ReactNode[] {
  return spans.map((span, n) => {
    const own = `${key}.${n}`;
    if (span.kind === 'plain') return text(span.text, own);
    if (span.kind === 'code') {
      return (
        <code key={own} className="styling-code">
          {marker(span.marker)}
          {span.text}
          {marker(span.marker)}
        </code>
      );
    }
    const Element = SPAN_ELEMENT[span.kind];
    return (
      <Element key={own}>
        {marker(span.marker)}
        {renderSpans(span.children, own, text)}
        {marker(span.marker)}
      </Element>
    );
  });
}
