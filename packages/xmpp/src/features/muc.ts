// XEP-0045 Multi-User Chat: joining and leaving, and occupant presence (messages are in
// muc-message.ts, texts in muc-text.ts). Pure: the session keeps the room state and decides
// what to trust.
//
// Trust model (what the parsers cannot check alone):
// - A presence or message is only meaningful from a room we are in (or joining): anyone can
//   send us a presence from "room@service/nick". The caller drops the rest.
// - Status codes are sender-controlled text: 110 ("this is you") on someone else's presence
//   is returned as-is. Treat `self` as true only when the from nick is the nick we joined with
//   (or the new nick of a 303 we asked for), like Dino and Gajim do.
import type { MucAffiliation, MucRole, RoomErrorCode, Show } from '@parley/contract';
import {
  bareOf,
  capText,
  childIn,
  childrenIn,
  formatDateTime,
  parseJid,
  requireJid,
  stanzaChild,
  xml,
  type Element,
  type JID,
  type JidInput,
} from '../stanza.js';
import { parseStanzaError } from './errors.js';
import { roomErrorFromCondition } from './muc-text.js';

export * from './muc-text.js';

export const NS_MUC = 'http://jabber.org/protocol/muc';
export const NS_MUC_USER = `${NS_MUC}#user`;
export const NS_MUC_ADMIN = `${NS_MUC}#admin`;
export const NS_MUC_OWNER = `${NS_MUC}#owner`;

export const MAX_MUC_STATUS = 1024;
export const MAX_MUC_REASON = 4096;
/** More distinct status codes than XEP-0045 defines in total: the rest is noise. */
export const MAX_STATUS_CODES = 32;

const ROLES: readonly string[] = ['moderator', 'participant', 'visitor', 'none'];
const AFFILIATIONS: readonly string[] = ['owner', 'admin', 'member', 'outcast', 'none'];
const SHOWS: readonly string[] = ['away', 'chat', 'dnd', 'xa'];

/** The occupant JID room@service/nick. Throws TypeError for an invalid room or nick. */
export function occupantJid(room: JidInput, nick: string): JID {
  return requireJid(`${requireJid(room).bare().toString()}/${nick}`);
}

export interface JoinOptions {
  room: JidInput;
  nick: string;
  password?: string | null;
  /** `<history maxstanzas>`: default 0, since MAM fills the history without duplicates. */
  maxStanzas?: number;
  /** UTC ms: ask for history since then instead of a number of stanzas. */
  since?: number;
  show?: 'away' | 'chat' | 'dnd' | 'xa' | null;
  status?: string;
  /** Our XEP-0115 `<c/>`, so occupants can learn our features. */
  caps?: Element;
}

/** §7.2: the presence that enters (or creates) a room. */
export function buildJoinPresence(o: JoinOptions): Element {
  const history =
    o.since !== undefined
      ? xml('history', { since: formatDateTime(o.since) })
      : xml('history', { maxstanzas: String(Math.max(0, Math.trunc(o.maxStanzas ?? 0))) });
  return xml(
    'presence',
    { to: occupantJid(o.room, o.nick).toString() },
    o.show ? xml('show', {}, o.show) : null,
    o.status ? xml('status', {}, capText(o.status, MAX_MUC_STATUS)) : null,
    xml('x', { xmlns: NS_MUC }, history, o.password ? xml('password', {}, o.password) : null),
    o.caps ?? null,
  );
}

/**
 * §7.7: our new availability in a room we are in. A presence broadcast to our contacts does
 * not reach rooms: each gets a directed one to our occupant JID (no MUC `<x/>`: it is no join).
 */
export function buildOccupantPresence(
  o: Omit<JoinOptions, 'password' | 'maxStanzas' | 'since'>,
): Element {
  return xml(
    'presence',
    { to: occupantJid(o.room, o.nick).toString() },
    o.show ? xml('show', {}, o.show) : null,
    o.status ? xml('status', {}, capText(o.status, MAX_MUC_STATUS)) : null,
    o.caps ?? null,
  );
}

/** §7.14: leave the room. */
export function buildLeavePresence(room: JidInput, nick: string, status?: string): Element {
  return xml(
    'presence',
    { to: occupantJid(room, nick).toString(), type: 'unavailable' },
    status ? xml('status', {}, capText(status, MAX_MUC_STATUS)) : null,
  );
}

/** §7.6: a nick change is a plain presence to the new occupant JID (no MUC `<x/>`). */
export function buildNickChange(room: JidInput, newNick: string): Element {
  return xml('presence', { to: occupantJid(room, newNick).toString() });
}

export interface MucPresence {
  /** The room's bare JID. */
  room: string;
  /** The occupant's nick; '' for an error from the bare room JID. */
  nick: string;
  type: 'available' | 'unavailable' | 'error';
  /** 'offline' for unavailable and error presences. */
  show: Show;
  status: string;
  role: MucRole;
  affiliation: MucAffiliation;
  /** The occupant's real JID (`<item jid>`), normalized; null in anonymous rooms. */
  jid: string | null;
  statusCodes: number[];
  /** Status 110 was present. Only meaningful when `nick` is our own nick (see the header). */
  self: boolean;
  /** Status 303 on an unavailable presence: the occupant's new nick. */
  newNick: string | null;
  /** Who kicked/banned/changed the occupant: actor nick, else actor JID. */
  actor: string | null;
  reason: string | null;
  /** The room was destroyed (`<destroy/>`): the reason and an alternate room, if given. */
  destroyed: { reason: string | null; alternate: string | null } | null;
  error: { code: RoomErrorCode; condition: string; text: string | null } | null;
  /** The presence carried `<x xmlns='…muc#user'/>` (a presence from a MUC service). */
  hasMucUser: boolean;
}

/** Status codes of a muc#user `<x/>`: numeric 100–999, deduplicated, at most MAX_STATUS_CODES. */
export function parseStatusCodes(x: Element | null): number[] {
  if (!x) return [];
  const codes = new Set<number>();
  for (const el of childrenIn(x, 'status', NS_MUC_USER)) {
    const code = el.attrs.code;
    if (typeof code === 'string' && /^[1-9]\d\d$/.test(code)) codes.add(Number(code));
    if (codes.size >= MAX_STATUS_CODES) break;
  }
  return [...codes];
}

function text(el: Element | null, max: number): string | null {
  if (!el) return null;
  const value = el.getText();
  return value ? capText(value, max) : null;
}

/**
 * An occupant presence. Null when not a presence, not available/unavailable/error, or when
 * `from` is not a valid occupant JID room@service/nick (a 10 KB nick fails the JID parser's
 * 1023-byte limit and yields null). An error may come from the bare room JID (nick '').
 */
export function parseMucPresence(stanza: Element): MucPresence | null {
  if (stanza.getName() !== 'presence') return null;
  const rawType = stanza.attrs.type;
  const type =
    rawType === undefined
      ? 'available'
      : rawType === 'unavailable' || rawType === 'error'
        ? rawType
        : null;
  if (type === null) return null;
  const from = parseJid(stanza.attrs.from);
  if (!from || !from.local || (!from.resource && type !== 'error')) return null;

  const x = childIn(stanza, 'x', NS_MUC_USER);
  const item = x ? childIn(x, 'item', NS_MUC_USER) : null;
  const statusCodes = parseStatusCodes(x);
  const role = item?.attrs.role;
  const affiliation = item?.attrs.affiliation;
  const actorEl = item ? childIn(item, 'actor', NS_MUC_USER) : null;
  const actorNick = actorEl?.attrs.nick;
  const actor = actorNick
    ? capText(actorNick, MAX_MUC_STATUS)
    : (parseJid(actorEl?.attrs.jid)?.toString() ?? null);
  const destroy = x ? childIn(x, 'destroy', NS_MUC_USER) : null;
  const rawNewNick = item?.attrs.nick;
  const newNick =
    type === 'unavailable' &&
    statusCodes.includes(303) &&
    rawNewNick &&
    isValidNick(from, rawNewNick)
      ? rawNewNick
      : null;
  const stanzaError = type === 'error' ? parseStanzaError(stanza) : null;
  const showText = stanzaChild(stanza, 'show')?.getText().trim() ?? '';

  return {
    room: bareOf(from),
    nick: from.resource || '',
    type,
    show:
      type !== 'available'
        ? 'offline'
        : SHOWS.includes(showText)
          ? (showText as Show)
          : 'available',
    status: capText(stanzaChild(stanza, 'status')?.getText() ?? '', MAX_MUC_STATUS),
    role: role && ROLES.includes(role) ? (role as MucRole) : 'none',
    affiliation:
      affiliation && AFFILIATIONS.includes(affiliation) ? (affiliation as MucAffiliation) : 'none',
    jid: parseJid(item?.attrs.jid)?.toString() ?? null,
    statusCodes,
    self: statusCodes.includes(110),
    newNick,
    actor,
    reason: text(item ? childIn(item, 'reason', NS_MUC_USER) : null, MAX_MUC_REASON),
    destroyed: destroy
      ? {
          reason: text(childIn(destroy, 'reason', NS_MUC_USER), MAX_MUC_REASON),
          alternate: parseBareRoom(destroy.attrs.jid),
        }
      : null,
    error: stanzaError
      ? {
          code: roomErrorFromCondition(stanzaError.condition),
          condition: stanzaError.condition,
          text: stanzaError.text,
        }
      : null,
    hasMucUser: x !== null,
  };
}

function isValidNick(room: JID, nick: string): boolean {
  return parseJid(`${bareOf(room)}/${nick}`) !== null;
}

/** A room address: a bare JID with a localpart; null otherwise. */
export function parseBareRoom(text: unknown): string | null {
  const room = parseJid(text);
  return room && room.local && !room.resource ? room.toString() : null;
}

/**
 * Why we are out of the room, for our own unavailable presence (type unavailable and `self`;
 * null otherwise, and for a plain leave or a nick change). 333 (technical removal, which
 * Prosody sends when our client bounced a stanza) counts as 'removed': rejoining is reasonable.
 */
export function removalReason(
  p: MucPresence,
): 'kicked' | 'banned' | 'removed' | 'destroyed' | null {
  if (p.type !== 'unavailable' || !p.self) return null;
  if (p.destroyed) return 'destroyed';
  const has = (code: number) => p.statusCodes.includes(code);
  if (has(301)) return 'banned';
  if (has(307)) return 'kicked';
  if (has(321) || has(322) || has(332) || has(333)) return 'removed';
  return null;
}
