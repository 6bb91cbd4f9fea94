// RFC 6121 §3–4: availability and subscription presence, plus XEP-0172 nicks in subscribe.
import type { Show } from '@parley/contract';
import {
  bareOf,
  capText,
  childIn,
  parseJid,
  stanzaChild,
  xml,
  requireJid,
  type Element,
  type JidInput,
} from '../stanza.js';
import { parseCaps, type CapsInfo } from './disco.js';
import { parseStanzaError, type ErrorCondition } from './errors.js';

export const NS_NICK = 'http://jabber.org/protocol/nick';
/** Status texts are shown in the roster; the contract caps our own at the same size. */
export const MAX_STATUS = 1024;
export const MAX_NICK = 1024;

export type SubscriptionType = 'subscribe' | 'subscribed' | 'unsubscribe' | 'unsubscribed';

export interface AvailabilityPresence {
  kind: 'availability';
  /** Full JID text (bare when the sender has no resource). */
  from: string;
  bare: string;
  /** '' when the sender has no resource. */
  resource: string;
  show: Show;
  status: string;
  /** -128..127; 0 when absent or invalid (RFC 6121 §4.7.2.3). */
  priority: number;
  /** XEP-0115 entity capabilities advertised with this presence. */
  caps: CapsInfo | null;
}

export interface SubscriptionPresence {
  kind: 'subscription';
  /** Bare JID text: subscriptions are between accounts, never resources. */
  from: string;
  type: SubscriptionType;
  /** XEP-0172 nickname the requester suggests (a hint, never authoritative). */
  nick: string | null;
}

export interface ErrorPresence {
  kind: 'error';
  from: string;
  condition: ErrorCondition;
  text: string | null;
}

export type ParsedPresence = AvailabilityPresence | SubscriptionPresence | ErrorPresence;

const SHOWS: readonly string[] = ['chat', 'away', 'xa', 'dnd'];
const SUBSCRIPTION_TYPES: readonly string[] = [
  'subscribe',
  'subscribed',
  'unsubscribe',
  'unsubscribed',
];

function parsePriority(text: string | null): number {
  if (text === null || !/^\s*[+-]?\d{1,4}\s*$/.test(text)) return 0;
  const value = Number(text);
  return value >= -128 && value <= 127 ? value : 0;
}

/**
 * Parse an incoming presence. Null for: not a presence, a missing or invalid `from` (a
 * presence from our own server without from carries nothing for the roster), type 'probe'
 * (servers answer probes, clients never should receive one) and unknown types.
 */
export function parsePresence(stanza: Element): ParsedPresence | null {
  if (stanza.getName() !== 'presence') return null;
  const from = parseJid(stanza.attrs.from);
  if (!from) return null;
  const type = stanza.attrs.type;

  if (type === undefined || type === 'unavailable') {
    const showText = stanzaChild(stanza, 'show')?.getText().trim() ?? '';
    // Unknown <show/> values mean plain availability (RFC 6121 §4.7.2.1).
    const show: Show =
      type === 'unavailable'
        ? 'offline'
        : SHOWS.includes(showText)
          ? (showText as Show)
          : 'available';
    return {
      kind: 'availability',
      from: from.toString(),
      bare: bareOf(from),
      resource: from.resource || '',
      show,
      status: capText(stanzaChild(stanza, 'status')?.getText() ?? '', MAX_STATUS),
      priority: parsePriority(stanzaChild(stanza, 'priority')?.getText() ?? null),
      caps: type === 'unavailable' ? null : parseCaps(stanza),
    };
  }

  if (SUBSCRIPTION_TYPES.includes(type)) {
    const nickText = childIn(stanza, 'nick', NS_NICK)?.getText().trim() ?? '';
    return {
      kind: 'subscription',
      from: bareOf(from),
      type: type as SubscriptionType,
      nick: type === 'subscribe' && nickText ? capText(nickText, MAX_NICK) : null,
    };
  }

  if (type === 'error') {
    const error = parseStanzaError(stanza);
    return {
      kind: 'error',
      from: from.toString(),
      condition: error?.condition ?? 'undefined-condition',
      text: error?.text ?? null,
    };
  }
  return null;
}

export interface OwnPresenceInput {
  show: Show;
  status?: string;
  /** Default 0; clamped to -128..127. */
  priority?: number;
  /** The XEP-0115 `<c/>` from buildCaps(), so peers can learn our features without a disco. */
  caps?: Element;
}

/** Broadcast presence (§4.2). show 'offline' builds `type='unavailable'` (§4.5). */
export function buildOwnPresence(input: OwnPresenceInput): Element {
  const offline = input.show === 'offline';
  const priority = Math.max(-128, Math.min(127, Math.trunc(input.priority ?? 0)));
  return xml(
    'presence',
    { type: offline ? 'unavailable' : undefined },
    !offline && input.show !== 'available' ? xml('show', {}, input.show) : null,
    input.status ? xml('status', {}, capText(input.status, MAX_STATUS)) : null,
    !offline && priority !== 0 ? xml('priority', {}, String(priority)) : null,
    !offline ? input.caps : null,
  );
}

/**
 * Subscription management (§3): request, approve, cancel, deny. A nick (XEP-0172) is sent only
 * with 'subscribe', where the peer uses it to name us in their roster.
 */
export function buildSubscription(to: JidInput, type: SubscriptionType, nick?: string): Element {
  return xml(
    'presence',
    { to: requireJid(to).bare().toString(), type },
    type === 'subscribe' && nick ? xml('nick', { xmlns: NS_NICK }, capText(nick, MAX_NICK)) : null,
  );
}

/** Most available first; 'offline' never beats an online resource. */
const SHOW_ORDER: readonly Show[] = ['chat', 'available', 'away', 'xa', 'dnd', 'offline'];

/**
 * The resource whose presence represents the contact: an online one over an offline one, then
 * the highest priority, then the most available show (chat > available > away > xa > dnd).
 * Ties keep the earlier element. Null for an empty list.
 */
export function bestPresence<T extends { show: Show; priority: number }>(
  resources: readonly T[],
): T | null {
  let best: T | null = null;
  for (const r of resources) {
    if (best === null || compare(r, best) < 0) best = r;
  }
  return best;
}

function compare(a: { show: Show; priority: number }, b: { show: Show; priority: number }): number {
  const aOff = a.show === 'offline' ? 1 : 0;
  const bOff = b.show === 'offline' ? 1 : 0;
  if (aOff !== bOff) return aOff - bOff;
  if (a.priority !== b.priority) return b.priority - a.priority;
  return SHOW_ORDER.indexOf(a.show) - SHOW_ORDER.indexOf(b.show);
}
