// XEP-0045 §7.4–§7.5 and §8.1: groupchat messages, subjects and private messages through a
// room. A message from the room's bare JID is the room speaking (subject, configuration
// notices): `nick` is then null and must never be attributed to an occupant. Like presences,
// these are only meaningful from a room we are in: the caller checks.
import {
  bareOf,
  capText,
  childIn,
  idAttr,
  parseJid,
  requireJid,
  stanzaChild,
  xml,
  type Element,
  type JidInput,
} from '../stanza.js';
import type { ChatState } from '@parley/contract';
import { parseChatState } from './chat-states.js';
import { parseBody } from './chat.js';
import { parseDelay } from './delay.js';
import { parseStanzaError } from './errors.js';
import { isWrapper } from './forward.js';
import { MAX_MUC_REASON, NS_MUC_USER, parseStatusCodes } from './muc.js';
import { NS_SID, parseOriginId, parseStanzaIds, type StanzaId } from './stanza-ids.js';

export interface GroupchatMessage {
  room: string;
  /** Null = from the room's bare JID: a system message, never attribute it to an occupant. */
  nick: string | null;
  id: string | null;
  originId: string | null;
  /** Trust only the one assigned by the room: stanzaIdBy(message, room). */
  stanzaIds: StanzaId[];
  body: string | null;
  bodyTruncated: boolean;
  /** '' for an empty `<subject/>` (subject cleared); null when there is no subject element. */
  subject: string | null;
  delay: number | null;
  /** e.g. 104 (configuration changed), 170–174 (logging and anonymity changes). */
  statusCodes: number[];
  /** XEP-0085 §5.5: an occupant typing (usually on a message without a body). */
  chatState: ChatState | null;
  isError: boolean;
  errorCondition: string | null;
  errorText: string | null;
  invite?: never;
}

/** The room subject (§8.1), capped: '' for an empty `<subject/>` (cleared), null when absent. */
export function parseSubject(stanza: Element): string | null {
  const el = stanzaChild(stanza, 'subject');
  return el ? capText(el.getText(), MAX_MUC_REASON) : null;
}

/**
 * A groupchat message (type 'groupchat'), or the bounce of one we sent (type 'error' from the
 * bare room JID: `isError`; a 1:1 bounce from a contact's bare JID looks the same, so the
 * caller routes it by the room being one we are in). Null for anything else, wrappers
 * (carbons, MAM results: unwrap first) and senders that are not room@service[/nick].
 */
export function parseGroupchatMessage(stanza: Element): GroupchatMessage | null {
  if (stanza.getName() !== 'message' || isWrapper(stanza)) return null;
  const type = stanza.attrs.type;
  if (type !== 'groupchat' && type !== 'error') return null;
  const from = parseJid(stanza.attrs.from);
  if (!from || !from.local || (type === 'error' && from.resource)) return null;

  const body = parseBody(stanza);
  const error = type === 'error' ? parseStanzaError(stanza) : null;
  return {
    room: bareOf(from),
    nick: from.resource || null,
    id: idAttr(stanza, 'id'),
    originId: parseOriginId(stanza),
    stanzaIds: parseStanzaIds(stanza),
    body: body?.text ?? null,
    bodyTruncated: body?.truncated ?? false,
    subject: parseSubject(stanza),
    delay: parseDelay(stanza)?.stamp ?? null,
    statusCodes: parseStatusCodes(childIn(stanza, 'x', NS_MUC_USER)),
    chatState: parseChatState(stanza),
    isError: error !== null,
    errorCondition: error?.condition ?? null,
    errorText: error?.text ?? null,
  };
}

/**
 * A private message through the room (§7.5): chat/normal, with an empty muc#user `<x/>`.
 * The `<x/>` is only a hint anyone can add: the caller also checks that the sender's bare JID
 * is a room we are in before treating the sender as an occupant.
 */
export function isMucPrivateMessage(stanza: Element): boolean {
  if (stanza.getName() !== 'message' || isWrapper(stanza)) return false;
  const type = stanza.attrs.type ?? 'normal';
  if (type !== 'chat' && type !== 'normal') return false;
  const x = childIn(stanza, 'x', NS_MUC_USER);
  if (!x) return false;
  return !childIn(x, 'invite', NS_MUC_USER) && !childIn(x, 'decline', NS_MUC_USER);
}

/** A message to the room. No receipt request: receipts in rooms are noise (XEP-0184 §5.3). */
export function buildGroupchatMessage(o: {
  room: JidInput;
  body: string;
  id: string;
  originId?: string;
}): Element {
  return xml(
    'message',
    { to: requireJid(o.room).bare().toString(), type: 'groupchat', id: o.id },
    xml('body', {}, o.body),
    xml('origin-id', { xmlns: NS_SID, id: o.originId ?? o.id }),
  );
}

/** §8.1: change the subject ('' clears it). */
export function buildSubjectMessage(room: JidInput, subject: string, id?: string): Element {
  return xml(
    'message',
    { to: requireJid(room).bare().toString(), type: 'groupchat', id },
    xml('subject', {}, subject),
  );
}

/** §7.5: a private message to an occupant (to = room/nick). */
export function buildMucPrivateMessage(o: { to: JidInput; body: string; id: string }): Element {
  const to = requireJid(o.to);
  if (!to.resource) throw new TypeError('A MUC private message goes to room@service/nick');
  return xml(
    'message',
    { to: to.toString(), type: 'chat', id: o.id },
    xml('body', {}, o.body),
    xml('x', { xmlns: NS_MUC_USER }),
    xml('origin-id', { xmlns: NS_SID, id: o.id }),
  );
}
