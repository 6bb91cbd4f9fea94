import type { CSSProperties } from 'react';
import { withoutMe } from '../chat/me-action';
import { consistentTextColors } from '../../ui/consistent-color';

/** Longest nickname shown, in graphemes; the server allows up to 1023 bytes and more. */
export const MAX_NICK_DISPLAY = 64;

/**
 * Characters a nickname must not carry on screen: C0/C1 controls and DEL (\p{Cc}); bidi embeddings,
 * overrides, isolates and marks (U+202E would flip the text after it, e.g. a faked "moderator");
 * zero-width space, word joiner, BOM; line and paragraph separators. ZWJ/ZWNJ stay: emoji
 * sequences and Persian need them.
 */
const UNSAFE = /[\p{Cc}\u061C\u200B\u200E\u200F\u2028-\u202E\u2060-\u2069\uFEFF]/gu;
/** Stacks of combining marks ("zalgo") would paint over the lines around the nick. */
const MARK_STACK = /(\p{M}{3})\p{M}+/gu;

const segmenter =
  typeof Intl.Segmenter === 'function'
    ? new Intl.Segmenter(undefined, { granularity: 'grapheme' })
    : null;

function graphemes(text: string): string[] {
  if (!segmenter) return Array.from(text);
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

const cache = new Map<string, string>();

/**
 * A nickname made safe to show: unsafe characters dropped, whitespace collapsed, mark stacks
 * cut, at most MAX_NICK_DISPLAY graphemes (with an ellipsis). Render it inside <bdi> so a
 * right-to-left nick does not reorder the text around it. Never empty.
 */
export function displayNick(nick: string): string {
  const cached = cache.get(nick);
  if (cached !== undefined) return cached;
  // Bound the work before any regex: a 10 KB nick is only ever shown as its first graphemes.
  let text =
    nick.length > 4 * MAX_NICK_DISPLAY * 8 ? nick.slice(0, 4 * MAX_NICK_DISPLAY * 8) : nick;
  // Whitespace first (a newline reads as a space), then what must not show at all.
  text = text
    .replace(/\s+/gu, ' ')
    .replace(UNSAFE, '')
    .replace(MARK_STACK, '$1')
    .replace(/ {2,}/gu, ' ')
    .trim();
  const parts = graphemes(text);
  if (parts.length > MAX_NICK_DISPLAY)
    text = `${parts.slice(0, MAX_NICK_DISPLAY).join('').trimEnd()}…`;
  const shown = text || '?';
  if (cache.size > 10_000) cache.clear();
  cache.set(nick, shown);
  return shown;
}

/** XEP-0392 colour of a nick, for text that must stay readable in both themes (see CSS). */
export function nickStyle(nick: string): CSSProperties {
  // Custom properties: CSS picks the one for the theme (see .nick in styles.css), each at
  // WCAG AA on that theme's surfaces.
  const { light, dark } = consistentTextColors(nick);
  return { '--nick-light': light, '--nick-dark': dark } as CSSProperties;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

const mentionCache = new Map<string, RegExp>();

/** Whether a message body names our nick as a word (case-insensitive), like Gajim's highlight. */
export function mentionsNick(body: string, nick: string): boolean {
  if (!nick.trim()) return false;
  let pattern = mentionCache.get(nick);
  if (!pattern) {
    pattern = new RegExp(`(^|[^\\p{L}\\p{N}_])${escapeRegExp(nick)}(?=$|[^\\p{L}\\p{N}_])`, 'iu');
    if (mentionCache.size > 100) mentionCache.clear();
    mentionCache.set(nick, pattern);
  }
  // "/me waves" (XEP-0245) is an action, not a word: an occupant called "me" is not named by it.
  return pattern.test(withoutMe(body));
}

/**
 * The nick of an occupant's full JID (room@service/nick). The resource is everything after
 * the first '/': a bare JID cannot contain one, a nick may (RFC 7622 §3.4).
 */
export function splitOccupantJid(full: string): { room: string; nick: string } | null {
  const slash = full.indexOf('/');
  if (slash <= 0 || slash === full.length - 1) return null;
  return { room: full.slice(0, slash), nick: full.slice(slash + 1) };
}
