import { find } from 'linkifyjs';
import { parseXmppUri } from '../links/xmpp-uri';

export type BodyPart =
  | { kind: 'text'; text: string }
  | { kind: 'link'; text: string; href: string }
  /** An xmpp: address (RFC 5122): followed inside Parley, never handed to the system. */
  | { kind: 'xmpp'; text: string };

/** Directional formatting characters: a link containing one could show a different address. */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
const EXPLICIT_WEB = /^(?:https?:\/\/|www\.)/iu;

/** The href for a found URL, or null when it must stay plain text. */
export function safeHref(text: string, href: string): string | null {
  if (!EXPLICIT_WEB.test(text) || BIDI_CONTROLS.test(text)) return null;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password) return null; // http://bank.com@evil.example
  return url.href;
}

/**
 * An xmpp: URI standing on its own (not inside a web URL's query), up to whitespace or quotes;
 * sentence punctuation after it is not part of it.
 */
const XMPP_URI = /(?<=^|[\s(<[{"'])xmpp:[^\s<>"'`]+/giu;
const TRAILING_PUNCTUATION = /[.,!?)\]}]+$/u;

function webParts(text: string, parts: BodyPart[]): void {
  let cursor = 0;
  for (const found of find(text, 'url')) {
    const href = safeHref(found.value, found.href);
    if (href === null) continue;
    if (found.start > cursor) parts.push({ kind: 'text', text: text.slice(cursor, found.start) });
    parts.push({ kind: 'link', text: text.slice(found.start, found.end), href });
    cursor = found.end;
  }
  if (cursor < text.length) parts.push({ kind: 'text', text: text.slice(cursor) });
}

/**
 * Split a message body into text, web links and xmpp: addresses. Only URLs written with
 * http://, https:// or www. become web links; an xmpp: URI that parses becomes an in-app link;
 * everything else (e-mail, javascript:, data:, bare domains) stays text.
 */
export function linkifyParts(body: string): BodyPart[] {
  const parts: BodyPart[] = [];
  let cursor = 0;
  for (const match of body.matchAll(XMPP_URI)) {
    const text = match[0].replace(TRAILING_PUNCTUATION, '');
    if (BIDI_CONTROLS.test(text) || !parseXmppUri(text)) continue;
    webParts(body.slice(cursor, match.index), parts);
    parts.push({ kind: 'xmpp', text });
    cursor = match.index + text.length;
  }
  webParts(body.slice(cursor), parts);
  return parts;
}
