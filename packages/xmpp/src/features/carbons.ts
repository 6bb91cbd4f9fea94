// XEP-0280 Message Carbons: copies of messages sent and received by our other clients.
import { parseJid, toJid, xml, type Element, type JID, type JidInput } from '../stanza.js';
import { carbonWrappers, isWrapper, NS_CARBONS, singleForwarded } from './forward.js';

export { NS_CARBONS };

export type CarbonDirection = 'sent' | 'received';

export interface Carbon {
  /** 'sent': our other client sent `forwarded`; 'received': it was delivered to another of ours. */
  direction: CarbonDirection;
  /** The inner message, to parse with parseChatMessage. */
  forwarded: Element;
}

/**
 * - forged: the outer `from` is not exactly our bare JID (CVE-2017-5589: anyone could inject
 *   "sent" messages into our chats), or the inner addresses are not ours.
 * - nested: a carbon or MAM result inside a carbon (only a forger builds those).
 * - malformed: several wrappers, or not exactly one forwarded message.
 */
export interface CarbonRejection {
  rejected: 'forged' | 'nested' | 'malformed';
}

export function buildEnableCarbons(): Element {
  return xml('iq', { type: 'set' }, xml('enable', { xmlns: NS_CARBONS }));
}

export function buildDisableCarbons(): Element {
  return xml('iq', { type: 'set' }, xml('disable', { xmlns: NS_CARBONS }));
}

/** `<private/>`: ask the server not to copy this message to our other clients (XEP-0280 §7). */
export function buildPrivateHint(): Element {
  return xml('private', { xmlns: NS_CARBONS });
}

/** Is `address` (when present) one of our own account's JIDs? */
function isOwn(address: string | undefined, ownBareJid: JID): boolean {
  if (address === undefined) return true;
  const parsed = parseJid(address);
  return parsed !== null && parsed.bare().equals(ownBareJid.bare());
}

/**
 * Unwrap a carbon. Null when the message carries no carbon wrapper at all (a plain message).
 * A carbon is accepted only when its outer `from` is exactly our bare JID; an absent `from`
 * is rejected too, since every server stamps it and a missing one cannot be attributed. For
 * 'sent' the inner `from`, for 'received' the inner `to`, when present, must be our account.
 */
export function unwrapCarbon(
  stanza: Element,
  ownBareJid: JidInput,
): Carbon | CarbonRejection | null {
  if (stanza.getName() !== 'message') return null;
  const found = carbonWrappers(stanza);
  const wrapper = found[0];
  if (!wrapper) return null;

  const own = toJid(ownBareJid);
  const from = parseJid(stanza.attrs.from);
  if (!own || !from || from.resource || !from.equals(own.bare())) return { rejected: 'forged' };
  if (found.length !== 1) return { rejected: 'malformed' };
  const inner = singleForwarded(wrapper)?.message;
  if (!inner) return { rejected: 'malformed' };
  if (isWrapper(inner)) return { rejected: 'nested' };

  const direction: CarbonDirection = wrapper.getName() === 'sent' ? 'sent' : 'received';
  const ownSide = direction === 'sent' ? inner.attrs.from : inner.attrs.to;
  if (!isOwn(ownSide, own)) return { rejected: 'forged' };
  return { direction, forwarded: inner };
}
