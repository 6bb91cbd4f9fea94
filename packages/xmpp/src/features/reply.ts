// XEP-0461 Message Replies with the XEP-0428 fallback. A reply names the message it answers
// (`<reply to='author' id='…'>`) and usually quotes it at the start of the body for clients
// without support; `<fallback for='urn:xmpp:reply:0'><body start end/></fallback>` says which
// part of the body that quote is, so supporting clients can hide it. Offsets count Unicode code
// points (XEP-0426), not UTF-16 units: "😀" is one. We read the current fallback namespace and
// the older `urn:xmpp:feature-fallback:0` (slixmpp 1.8.3 sends it); we send the current one.
import {
  childrenIn,
  idAttr,
  parseJid,
  xml,
  type Element,
  type JidInput,
  toJid,
} from '../stanza.js';

export const NS_REPLY = 'urn:xmpp:reply:0';
export const NS_FALLBACK = 'urn:xmpp:fallback:0';
export const NS_FALLBACK_LEGACY = 'urn:xmpp:feature-fallback:0';
/** A stanza with more fallback elements or ranges than this is not stripped at all. */
const MAX_FALLBACK_RANGES = 8;
/** The quote kept as a preview when the quoted message itself is not here. */
export const MAX_QUOTE_PREVIEW = 300;

export interface ReplyRef {
  /** The id of the message answered (1:1: its id; rooms: the room's stanza-id). */
  id: string;
  /** Its author as the replier named them (normalized JID text), when given and valid. */
  to: string | null;
}

export interface ParsedReply extends ReplyRef {
  /** The body with the fallback quote cut out (what is shown); the full body when none. */
  body: string;
  /** The quoted text (without "> " marks), for a preview when we lack the original. */
  quote: string | null;
}

interface Range {
  start: number;
  end: number;
}

/** The `<reply>` reference of a message, or null. */
export function parseReplyRef(stanza: Element): ReplyRef | null {
  const el = childrenIn(stanza, 'reply', NS_REPLY)[0];
  if (!el) return null;
  const id = idAttr(el, 'id');
  if (!id) return null;
  const to = parseJid(el.attrs.to);
  return { id, to: to ? to.toString() : null };
}

/**
 * The code-point ranges of the body that are fallback for `forNs`, sorted; [] when none.
 * A fallback without a `<body>` range covers the whole body (XEP-0428 §4). Null when the
 * ranges are unusable (out of bounds, overlapping, too many): then nothing is stripped.
 */
export function fallbackRanges(stanza: Element, forNs: string, length: number): Range[] | null {
  const elements = [
    ...childrenIn(stanza, 'fallback', NS_FALLBACK),
    ...childrenIn(stanza, 'fallback', NS_FALLBACK_LEGACY),
  ].filter((f) => f.attrs.for === forNs);
  if (elements.length > MAX_FALLBACK_RANGES) return null;
  const ranges: Range[] = [];
  for (const f of elements) {
    const bodies = childrenIn(f, 'body', f.getNS());
    if (bodies.length === 0 && childrenIn(f, 'subject', f.getNS()).length === 0) {
      ranges.push({ start: 0, end: length });
    }
    for (const b of bodies) {
      const start = b.attrs.start === undefined ? 0 : Number(b.attrs.start);
      const end = b.attrs.end === undefined ? length : Number(b.attrs.end);
      if (!Number.isInteger(start) || !Number.isInteger(end)) return null;
      if (start < 0 || end > length || start > end) return null;
      ranges.push({ start, end });
    }
  }
  if (ranges.length > MAX_FALLBACK_RANGES) return null;
  ranges.sort((a, b) => a.start - b.start);
  for (let i = 1; i < ranges.length; i++) {
    if (ranges[i]!.start < ranges[i - 1]!.end) return null;
  }
  return ranges;
}

/** The body without the ranges, and the text the ranges held (code point offsets). */
export function cutRanges(body: string, ranges: readonly Range[]): { kept: string; cut: string } {
  const points = Array.from(body);
  let kept = '';
  let cut = '';
  let at = 0;
  for (const r of ranges) {
    kept += points.slice(at, r.start).join('');
    cut += points.slice(r.start, r.end).join('');
    at = r.end;
  }
  kept += points.slice(at).join('');
  return { kept, cut };
}

/** "> a\n> b\n" → "a\nb": the quoted lines without their marks. */
export function unquote(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/^> ?/, ''))
    .join('\n')
    .trim();
}

/** A reply's reference, its shown body and its quote; null when the message is no reply. */
export function parseReply(stanza: Element, body: string | null): ParsedReply | null {
  const ref = parseReplyRef(stanza);
  if (!ref) return null;
  if (body === null) return { ...ref, body: '', quote: null };
  const ranges = fallbackRanges(stanza, NS_REPLY, Array.from(body).length);
  if (!ranges || ranges.length === 0) return { ...ref, body, quote: null };
  const { kept, cut } = cutRanges(body, ranges);
  const quote = unquote(cut);
  return {
    ...ref,
    body: kept,
    quote: quote === '' ? null : Array.from(quote).slice(0, MAX_QUOTE_PREVIEW).join(''),
  };
}

/** The fallback quote put before a reply's text: "> line" per line of the quoted message. */
export function quoteForFallback(quoted: string): string {
  const lines = quoted.split('\n').slice(0, 5);
  return `${lines.map((l) => `> ${l}`).join('\n')}\n`;
}

/**
 * The elements a reply adds to its message: `<reply>` and, when the body starts with a
 * quote of `quoteLength` code points, the fallback saying so.
 */
export function buildReplyElements(o: {
  id: string;
  to?: JidInput | null;
  quoteLength?: number;
}): Element[] {
  const to = o.to ? toJid(o.to) : null;
  const out = [xml('reply', { xmlns: NS_REPLY, id: o.id, ...(to ? { to: to.toString() } : {}) })];
  if (o.quoteLength && o.quoteLength > 0) {
    out.push(
      xml(
        'fallback',
        { xmlns: NS_FALLBACK, for: NS_REPLY },
        xml('body', { start: '0', end: String(o.quoteLength) }),
      ),
    );
  }
  return out;
}
