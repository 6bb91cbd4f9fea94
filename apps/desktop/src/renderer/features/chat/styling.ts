/**
 * XEP-0393 Message Styling (version 1.1): a pure parser from a message body to lines and spans.
 *
 * Blocks first, then spans inside each plain line, as the XEP's implementation notes describe:
 * - a line starting with "```" opens a preformatted block, closed by a line that is exactly "```"
 *   or by the end of its parent block (the message or the quotation it is in); nothing inside it
 *   is styled;
 * - consecutive lines starting with ">" form a quotation: one ">" and then the first whitespace
 *   character are removed from each, and the rest is parsed again as blocks (nested quotes,
 *   preformatted blocks);
 * - every other line is a plain block holding spans: *strong*, _emphasis_, ~strike~ and `pre`.
 *
 * The result keeps every character of the body: each line carries its quote markers as written,
 * and each styled span its directive, so a renderer can show the text exactly as sent (markers
 * dimmed) and nothing is lost when the sender did not mean styling at all.
 */

export type SpanStyle = 'strong' | 'emphasis' | 'strike';

export type Span =
  | { kind: 'plain'; text: string }
  /** A styled span; `marker` is its opening and closing directive ("*", "_" or "~"). */
  | { kind: SpanStyle; marker: string; children: Span[] }
  /** A preformatted span: its text is never styled. */
  | { kind: 'code'; marker: string; text: string };

export interface StyledLine {
  /** The quotation markers of this line as written (">> ", "> >"); "" outside a quotation. */
  quote: string;
  /** How many quotations this line is in. */
  depth: number;
  /**
   * plain: a line of spans; fence: the opening or closing "```" line of a preformatted block;
   * pre: a line inside one.
   */
  kind: 'plain' | 'fence' | 'pre';
  /** The preformatted block this fence or pre line belongs to (a counter), or -1. */
  block: number;
  /** The line's text after its quote markers (for plain lines, also as spans). */
  text: string;
  spans: Span[];
}

/** Quotations nested deeper than this are shown at this depth (their extra ">" stay text). */
export const MAX_QUOTE_DEPTH = 8;

const SPAN_STYLES: Record<string, SpanStyle | 'code'> = {
  '*': 'strong',
  _: 'emphasis',
  '~': 'strike',
  '`': 'code',
};

const WHITESPACE = /^[\s\p{Z}]$/u;

function isWhitespace(char: string | undefined): boolean {
  return char !== undefined && WHITESPACE.test(char);
}

/** Parse a whole message body. */
export function parseStyling(body: string): StyledLine[] {
  const lines: StyledLine[] = [];
  const counter = { blocks: 0 };
  parseBlocks(
    body.split('\n').map((text) => ({ quote: '', text })),
    0,
    lines,
    counter,
  );
  return lines;
}

interface RawLine {
  quote: string;
  text: string;
}

function parseBlocks(
  raw: RawLine[],
  depth: number,
  out: StyledLine[],
  counter: { blocks: number },
): void {
  let i = 0;
  while (i < raw.length) {
    const line = raw[i]!;
    if (line.text.startsWith('```')) {
      const block = counter.blocks++;
      out.push({ ...line, depth, kind: 'fence', block, spans: [] });
      i += 1;
      while (i < raw.length && raw[i]!.text !== '```') {
        out.push({ ...raw[i]!, depth, kind: 'pre', block, spans: [] });
        i += 1;
      }
      if (i < raw.length) {
        out.push({ ...raw[i]!, depth, kind: 'fence', block, spans: [] });
        i += 1;
      }
    } else if (line.text.startsWith('>') && depth < MAX_QUOTE_DEPTH) {
      const quoted: RawLine[] = [];
      while (i < raw.length && raw[i]!.text.startsWith('>')) {
        const { quote, text } = raw[i]!;
        const trim = isWhitespace(text[1]) ? 2 : 1;
        quoted.push({ quote: quote + text.slice(0, trim), text: text.slice(trim) });
        i += 1;
      }
      parseBlocks(quoted, depth + 1, out, counter);
    } else {
      out.push({ ...line, depth, kind: 'plain', block: -1, spans: parseSpans(line.text) });
      i += 1;
    }
  }
}

/**
 * The spans of one plain line. Spans are matched lazily from the start: an opening directive
 * (at the line start, after whitespace, or right after a different opening directive, and not
 * followed by whitespace or by itself) closes at the first later same directive that is not preceded by
 * whitespace, with at least one character between them.
 */
export function parseSpans(line: string): Span[] {
  // Where each directive may close, found once: a line of many unclosed openers stays linear.
  const closers = new Map<string, number[]>();
  for (let j = 1; j < line.length; j += 1) {
    const char = line[j]!;
    if (SPAN_STYLES[char] && !isWhitespace(line[j - 1])) {
      let list = closers.get(char);
      if (!list) closers.set(char, (list = []));
      list.push(j);
    }
  }
  return spansIn(line, 0, line.length, null, closers);
}

/** The first closer of `char` at or after `from` and before `to`, or -1. */
function firstCloser(positions: number[] | undefined, from: number, to: number): number {
  if (!positions) return -1;
  let low = 0;
  let high = positions.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (positions[mid]! < from) low = mid + 1;
    else high = mid;
  }
  const found = positions[low];
  return found !== undefined && found < to ? found : -1;
}

function spansIn(
  line: string,
  from: number,
  to: number,
  /** The directive that opened the span these are inside, or null at the line level. */
  parent: string | null,
  closers: Map<string, number[]>,
): Span[] {
  const spans: Span[] = [];
  let plainStart = from;
  let i = from;
  while (i < to) {
    const char = line[i]!;
    const style = SPAN_STYLES[char];
    const opens =
      style !== undefined &&
      i + 1 < to &&
      !isWhitespace(line[i + 1]) &&
      // "**" or "****" are not text between two directives: nothing is styled (XEP examples).
      line[i + 1] !== char &&
      (i === 0 || isWhitespace(line[i - 1]) || (i === from && parent !== null && parent !== char));
    const close = opens ? firstCloser(closers.get(char), i + 2, to) : -1;
    if (close === -1) {
      i += 1;
      continue;
    }
    if (plainStart < i) spans.push({ kind: 'plain', text: line.slice(plainStart, i) });
    if (style === 'code') {
      spans.push({ kind: 'code', marker: char, text: line.slice(i + 1, close) });
    } else {
      spans.push({
        kind: style!,
        marker: char,
        children: spansIn(line, i + 1, close, char, closers),
      });
    }
    i = close + 1;
    plainStart = i;
  }
  if (plainStart < to) spans.push({ kind: 'plain', text: line.slice(plainStart, to) });
  return spans;
}

/** The text of spans as written, directives included. */
export function spansText(spans: Span[]): string {
  return spans
    .map((span) => {
      if (span.kind === 'plain') return span.text;
      if (span.kind === 'code') return span.marker + span.text + span.marker;
      return span.marker + spansText(span.children) + span.marker;
    })
    .join('');
}

/** Whether any line is styled at all: a message without styling renders as before. */
export function hasStyling(lines: StyledLine[]): boolean {
  return lines.some(
    (line) =>
      line.kind !== 'plain' || line.depth > 0 || line.spans.some((span) => span.kind !== 'plain'),
  );
}
