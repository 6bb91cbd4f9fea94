// RFC 6121 §5 one-to-one messages, with XEP-0359 ids, XEP-0203 delay, XEP-0085 chat states,
// XEP-0184 receipts and XEP-0334 hints.
import type { ChatState } from '@parley/contract';
import {
  capText,
  childIn,
  childrenIn,
  idAttr,
  parseJid,
  stanzaChild,
  xml,
  requireJid,
  toJid,
  type Element,
  type JidInput,
} from '../stanza.js';
import { buildChatState, parseChatState } from './chat-states.js';
import { parseDelay } from './delay.js';
import { isWrapper } from './forward.js';
import { parseStanzaError, type ErrorCondition } from './errors.js';
import { storeHint } from './hints.js';
import { NS_RECEIPTS, parseReceipt } from './receipts.js';

export const NS_SID = 'urn:xmpp:sid:0';
/**
 * Incoming bodies longer than this (UTF-16 units, the same limit the contract puts on what we
 * send) are truncated, not dropped: the message still exists, gets its receipt and shows the
 * `bodyTruncated` flag. 100,000 characters is far beyond any human message.
 */
export const MAX_BODY = 100_000;
const MAX_STANZA_IDS = 8;

export interface StanzaId {
  id: string;
  /** Normalized JID of the entity that assigned it (an archive). */
  by: string;
}

export interface ChatMessage {
  /** Normalized full JID; our own bare JID when the stanza has no from (RFC 6120 §8.1.2.1). */
  from: string;
  /** Normalized JID; our own full JID when absent. */
  to: string;
  /** 'error' for bounces: `isError` is then true and `id` names the message that failed. */
  type: 'chat' | 'normal' | 'error';
  id: string | null;
  /** XEP-0359 origin-id: chosen by the sender, good for dedup of our own echoes only. */
  originId: string | null;
  /** XEP-0359 stanza-ids; trust one only through stanzaIdBy. */
  stanzaIds: StanzaId[];
  body: string | null;
  bodyTruncated: boolean;
  /** XEP-0203 stamp in UTC ms (sender-controlled in 1:1: clamp future values). */
  delay: number | null;
  chatState: ChatState | null;
  receiptRequest: boolean;
  receiptFor: string | null;
  thread: string | null;
  isError: boolean;
  errorCondition: ErrorCondition | null;
  errorText: string | null;
}

export interface ChatContext {
  /** The account's JID (full as bound, or bare): fills in an absent from/to. */
  ownJid: JidInput;
}

function parseStanzaIds(stanza: Element): StanzaId[] {
  const ids: StanzaId[] = [];
  for (const el of childrenIn(stanza, 'stanza-id', NS_SID).slice(0, MAX_STANZA_IDS)) {
    const id = idAttr(el, 'id');
    const by = parseJid(el.attrs.by);
    if (id && by) ids.push({ id, by: by.toString() });
  }
  return ids;
}

/**
 * Parse a one-to-one message (type chat, normal, absent/unknown = normal, or error). Null for
 * groupchat and headline (other modules), carbon and MAM wrappers (unwrap them first), and
 * invalid from/to addresses.
 */
export function parseChatMessage(stanza: Element, ctx: ChatContext): ChatMessage | null {
  if (stanza.getName() !== 'message') return null;
  const rawType = stanza.attrs.type;
  if (rawType === 'groupchat' || rawType === 'headline') return null;
  if (isWrapper(stanza)) return null;
  const type = rawType === 'chat' || rawType === 'error' ? rawType : 'normal';

  const own = toJid(ctx.ownJid);
  if (!own) return null;
  const from = stanza.attrs.from === undefined ? own.bare() : parseJid(stanza.attrs.from);
  const to = stanza.attrs.to === undefined ? own : parseJid(stanza.attrs.to);
  if (!from || !to) return null;

  const bodyEl = stanzaChild(stanza, 'body');
  const rawBody = bodyEl ? bodyEl.getText() : null;
  const body = rawBody === null ? null : capText(rawBody, MAX_BODY);
  const threadText = stanzaChild(stanza, 'thread')?.getText() ?? '';
  const origin = childIn(stanza, 'origin-id', NS_SID);
  const receipt = parseReceipt(stanza);
  const error = type === 'error' ? parseStanzaError(stanza) : null;

  return {
    from: from.toString(),
    to: to.toString(),
    type,
    id: idAttr(stanza, 'id'),
    originId: origin ? idAttr(origin, 'id') : null,
    stanzaIds: parseStanzaIds(stanza),
    body,
    bodyTruncated: rawBody !== null && body !== null && body.length < rawBody.length,
    delay: parseDelay(stanza)?.stamp ?? null,
    chatState: type === 'error' ? null : parseChatState(stanza),
    receiptRequest: receipt.requested,
    receiptFor: type === 'error' ? null : receipt.receivedId,
    thread: threadText && threadText.length <= 256 ? threadText : null,
    isError: type === 'error',
    errorCondition: error?.condition ?? null,
    errorText: error?.text ?? null,
  };
}

/**
 * The stanza-id assigned by `by` (XEP-0359 §5: only trust ids from an entity you trust to
 * assign them — for 1:1 chats the user's own bare JID, i.e. their archive). Null when none,
 * or when several with that `by` disagree: a server that failed to strip a sender's forged
 * stanza-id leaves the real one indistinguishable, so dedup must fall back to other ids.
 */
export function stanzaIdBy(
  message: { stanzaIds: readonly StanzaId[] },
  by: JidInput,
): string | null {
  const trusted = toJid(by);
  if (!trusted) return null;
  const matches = new Set<string>();
  for (const s of message.stanzaIds) {
    const assigner = parseJid(s.by);
    if (assigner && assigner.equals(trusted)) matches.add(s.id);
  }
  return matches.size === 1 ? ([...matches][0] ?? null) : null;
}

export interface OutgoingChat {
  to: JidInput;
  body: string;
  /** The stanza id; also the origin-id unless `originId` is given. */
  id: string;
  originId?: string;
  /** Default true: ask for an XEP-0184 receipt. */
  requestReceipt?: boolean;
  /** Default 'active' (XEP-0085 §5.4: a message with a body implies we are active). null omits it. */
  chatState?: ChatState | null;
  thread?: string;
}

/**
 * A chat message with body, origin-id, receipt request, chat state and a `<store/>` hint so
 * the archive keeps it even on servers that are picky about what they store.
 */
export function buildChatMessage(msg: OutgoingChat): Element {
  const state = msg.chatState === undefined ? 'active' : msg.chatState;
  return xml(
    'message',
    { to: requireJid(msg.to).toString(), type: 'chat', id: msg.id },
    xml('body', {}, msg.body),
    msg.thread ? xml('thread', {}, msg.thread) : null,
    xml('origin-id', { xmlns: NS_SID, id: msg.originId ?? msg.id }),
    msg.requestReceipt === false ? null : xml('request', { xmlns: NS_RECEIPTS }),
    state ? buildChatState(state) : null,
    storeHint(),
  );
}
