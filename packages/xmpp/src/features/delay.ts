// XEP-0203 Delayed Delivery: the original send time of offline, archived and forwarded stanzas.
import { childrenIn, parseDateTime, parseJid, type Element } from '../stanza.js';

export const NS_DELAY = 'urn:xmpp:delay';

export interface Delay {
  /** UTC milliseconds. */
  stamp: number;
  /** Who added the delay (normalized JID text), when given and valid. */
  from: string | null;
}

/**
 * The first `<delay xmlns='urn:xmpp:delay'/>` child with a valid stamp. A garbage stamp is
 * skipped, not trusted. The legacy XEP-0091 `jabber:x:delay` is not read: every server this
 * client targets sends XEP-0203.
 * A sender can put any stamp in a 1:1 message; the session decides whether to clamp stamps in
 * the future to the receive time.
 */
export function parseDelay(el: Element): Delay | null {
  for (const delay of childrenIn(el, 'delay', NS_DELAY)) {
    const stamp = parseDateTime(delay.attrs.stamp);
    if (stamp === null) continue;
    const from = parseJid(delay.attrs.from);
    return { stamp, from: from ? from.toString() : null };
  }
  return null;
}
