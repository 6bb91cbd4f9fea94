// RFC 6121 §5 one-to-one messages, with XEP-0359 ids, XEP-0203 delay, XEP-0085 chat states,
// XEP-0184 receipts and XEP-0334 hints.
import type { ChatState } from '@parley/contract';
import {
  capText,
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
import { NS_SID, parseOriginId, parseStanzaIds, type StanzaId } from './stanza-ids.js';

// XEP-0359 lives in stanza-ids.ts; its namespace stays importable from here for existing callers.
export { NS_SID };

/**
 * Incoming bodies longer than this (UTF-16 units, the same limit the contract puts on what we
 * send) are truncated, not dropped: the message still exists, gets its receipt and shows the
 * `bodyTruncated` flag. 100,000 characters is far beyond any human message.
 */
export const MAX_BODY = 100_000;

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

export interface MessageBody {
  /** At most MAX_BODY UTF-16 units. */
  text: string;
  /** The sender's text was longer and was cut. */
  truncated: boolean;
}

/** The message body (RFC 6121 §5.2.3, the one matching the stanza's language), capped; null when none. */
export function parseBody(stanza: Element): MessageBody | null {
  const bodyEl = stanzaChild(stanza, 'body');
  if (!bodyEl) return null;
  const raw = bodyEl.getText();
  const text = capText(raw, MAX_BODY);
  return { text, truncated: text.length < raw.length };
}

/** The `<thread/>` (RFC 6121 §5.2.5); null when absent, empty or longer than 256. */
export function parseThread(stanza: Element): string | null {
  const text = stanzaChild(stanza, 'thread')?.getText() ?? '';
  return text && text.length <= 256 ? text : null;
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

  const body = parseBody(stanza);
  const receipt = parseReceipt(stanza);
  const error = type === 'error' ? parseStanzaError(stanza) : null;

  return {
    from: from.toString(),
    to: to.toString(),
    type,
    id: idAttr(stanza, 'id'),
    originId: parseOriginId(stanza),
    stanzaIds: parseStanzaIds(stanza),
    body: body?.text ?? null,
    bodyTruncated: body?.truncated ?? false,
    delay: parseDelay(stanza)?.stamp ?? null,
    chatState: type === 'error' ? null : parseChatState(stanza),
    receiptRequest: receipt.requested,
    receiptFor: type === 'error' ? null : receipt.receivedId,
    thread: parseThread(stanza),
    isError: type === 'error',
    errorCondition: error?.condition ?? null,
    errorText: error?.text ?? null,
  };
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
