// XEP-0297 Stanza Forwarding, and the two wrappers built on it (XEP-0280 carbons, XEP-0313
// MAM results). Kept together so chat, carbons and mam can all recognize a wrapper without
// importing each other.
import { childIn, childrenIn, type Element } from '../stanza.js';
import { parseDelay } from './delay.js';

export const NS_FORWARD = 'urn:xmpp:forward:0';
export const NS_CARBONS = 'urn:xmpp:carbons:2';
export const NS_MAM = 'urn:xmpp:mam:2';

/** Carbon `<sent/>`/`<received/>` children of a message. */
export function carbonWrappers(message: Element): Element[] {
  return [
    ...childrenIn(message, 'sent', NS_CARBONS),
    ...childrenIn(message, 'received', NS_CARBONS),
  ];
}

/**
 * Is this message a carbon or a MAM result? Such a message is only a wrapper: parsing it as a
 * chat message would show an empty message from our own account, and finding one *inside* a
 * forwarded message means somebody forged the nesting.
 */
export function isWrapper(message: Element): boolean {
  return carbonWrappers(message).length > 0 || childIn(message, 'result', NS_MAM) !== null;
}

export interface Forwarded {
  message: Element;
  /** The `<delay/>` on the forwarded element (XEP-0297 §3), UTC ms. */
  delay: number | null;
}

/**
 * The single `<forwarded/>` child of `wrapper` and its single `<message/>`. Null when there
 * are none or several of either: an ambiguous wrapper is not guessed at.
 */
export function singleForwarded(wrapper: Element): Forwarded | null {
  const all = childrenIn(wrapper, 'forwarded', NS_FORWARD);
  const forwarded = all[0];
  if (all.length !== 1 || !forwarded) return null;
  const messages = forwarded.getChildElements().filter((c) => c.getName() === 'message');
  const message = messages[0];
  if (messages.length !== 1 || !message) return null;
  return { message, delay: parseDelay(forwarded)?.stamp ?? null };
}
