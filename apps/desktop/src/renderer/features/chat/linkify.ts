import { find } from 'linkifyjs';

export type BodyPart =
  { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

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
 * Split a message body into text and web links. Only URLs written with http://, https:// or
 * www. become links; everything else (e-mail, javascript:, data:, bare domains) stays text.
 */
export function linkifyParts(body: string): BodyPart[] {
  const parts: BodyPart[] = [];
  let cursor = 0;
  for (const found of find(body, 'url')) {
    const href = safeHref(found.value, found.href);
    if (href === null) continue;
    if (found.start > cursor) parts.push({ kind: 'text', text: body.slice(cursor, found.start) });
    parts.push({ kind: 'link', text: body.slice(found.start, found.end), href });
    cursor = found.end;
  }
  if (cursor < body.length) parts.push({ kind: 'text', text: body.slice(cursor) });
  return parts;
}
