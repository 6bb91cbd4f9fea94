// XEP-0045 text helpers: room errors in words, nick suggestions, mentions and safe display of
// nicks. Re-exported by muc.ts; kept apart so muc.ts stays about stanzas.
import type { RoomErrorCode } from '@parley/contract';
import { capText } from '../stanza.js';

/** A join error condition (XEP-0045 §7.2.6–§7.2.11 and what servers send in practice). */
export function roomErrorFromCondition(condition: string): RoomErrorCode {
  switch (condition) {
    case 'conflict':
      return 'nickname-in-use';
    case 'not-authorized':
      return 'password-required';
    case 'registration-required':
      return 'members-only';
    case 'forbidden':
      return 'banned';
    case 'item-not-found': // room does not exist (or is locked, §10.1.3)
    case 'not-allowed': // room creation is restricted (§10.1.1)
    case 'remote-server-not-found': // the MUC service's domain does not exist
      return 'not-found';
    case 'service-unavailable': // maximum number of occupants reached (§7.2.10)
      return 'room-full';
    case 'jid-malformed': // no nick given
    case 'not-acceptable': // nick locked down or reserved (§7.2.9)
      return 'nickname-invalid';
    case 'remote-server-timeout':
      return 'timeout';
    case 'gone': // destroyed room kept as a tombstone (Prosody's muc_tombstones)
      return 'destroyed';
    default:
      return 'unknown';
  }
}

const SENTENCES: Record<RoomErrorCode, string> = {
  'nickname-in-use': 'That nickname is already in use in this room.',
  'nickname-invalid': 'The room does not accept that nickname.',
  'password-required': 'This room needs a password.',
  'members-only': 'Only members can enter this room.',
  banned: 'You are banned from this room.',
  'not-found': 'This room does not exist, or you may not create it.',
  'room-full': 'The room is full.',
  forbidden: 'You are not allowed to do that in this room.',
  kicked: 'You were kicked from the room.',
  destroyed: 'The room was destroyed.',
  removed: 'You were removed from the room.',
  timeout: 'The room did not answer in time.',
  'not-connected': 'You are not connected.',
  unknown: 'The room refused the request.',
};

/**
 * An English sentence for the UI. The server's text (untrusted: a shown string, never markup)
 * is appended in quotes, cleaned of control and bidi characters and capped.
 */
export function describeRoomError(code: RoomErrorCode, text?: string | null): string {
  const sentence = SENTENCES[code] ?? SENTENCES.unknown;
  const extra = text ? capText(stripInvisible(text).trim(), 300) : '';
  return extra ? `${sentence} (“${extra}”)` : sentence;
}

const MAX_NICK_BYTES = 1023;
const encoder = new TextEncoder();

/**
 * Another nick to try after a conflict: "nick_", then "nick2".."nick99" (counting on from a
 * trailing number already there). The first one `taken` refuses is skipped; after 100 tries
 * the last candidate is returned anyway. Results stay within the 1023-byte resource limit.
 */
export function suggestNick(nick: string, taken: (n: string) => boolean = () => false): string {
  let base = nick;
  while (base.length > 0 && encoder.encode(base).length > MAX_NICK_BYTES - 4) {
    base = capText(base, base.length - 1);
  }
  const numbered = /^(.*?)(\d{1,6})$/.exec(base);
  const stem = numbered?.[1] || base;
  const start = numbered?.[1] ? Number(numbered[2]) + 1 : 2;
  const candidates = numbered?.[1] ? [] : [`${base}_`];
  for (let n = start; candidates.length < 100; n++) candidates.push(`${stem}${n}`);
  let last = candidates[0] ?? `${base}_`;
  for (const candidate of candidates) {
    last = candidate;
    if (candidate !== nick && !taken(candidate)) return candidate;
  }
  return last;
}

const mentionCache = new Map<string, RegExp>();

/**
 * Does `body` mention `nick` as a whole word (case-insensitive)? The characters around it must
 * not be letters, digits or '_', so "anna" does not match "annabel" or "hanna" (as in Gajim
 * and Dino). The nick is matched literally: regex specials in it have no effect.
 */
export function isMentioned(body: string, nick: string): boolean {
  if (!nick || !body) return false;
  let re = mentionCache.get(nick);
  if (!re) {
    const literal = nick.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    re = new RegExp(`(?<![\\p{L}\\p{N}\\p{M}_])${literal}(?![\\p{L}\\p{N}\\p{M}_])`, 'iu');
    if (mentionCache.size >= 64) mentionCache.delete(mentionCache.keys().next().value as string);
    mentionCache.set(nick, re);
  }
  // "/me waves" (XEP-0245) is an action, not a word: an occupant called "me" is not named by it.
  return re.test(body.startsWith('/me ') ? body.slice(4) : body);
}

// C0 and C1 controls, DEL, bidi marks/embeddings/overrides/isolates (U+061C, U+200E–U+200F,
// U+202A–U+202E, U+2066–U+2069), line/paragraph separators and the BOM.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;

function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

export const MAX_DISPLAY_NICK = 64;

/**
 * A nick for display only (the raw nick stays the address): without control and bidi
 * characters, so "\u202Egnp.exe" cannot reorder the line around it, and at most 64 characters
 * (63 + '…'). A nick made only of such characters shows as U+FFFD.
 */
export function displayNick(nick: string): string {
  const clean = stripInvisible(nick);
  if (!clean) return '\ufffd';
  return clean.length > MAX_DISPLAY_NICK ? `${capText(clean, MAX_DISPLAY_NICK - 1)}…` : clean;
}
