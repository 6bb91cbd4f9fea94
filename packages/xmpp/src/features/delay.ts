// XEP-0203 Delayed Delivery: the original send time of offline, archived and forwarded stanzas.
import { childrenIn, parseDateTime, parseJid, type Element, type JID } from '../stanza.js';

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
 * A sender can put any stamp in a message: see trustedDelay for live stanzas.
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

/**
 * The time of a live stanza: its `<delay>` stamp only when the delay was added by an entity we
 * trust for it (our server's offline storage, our own account, the room's join history), and
 * never later than `now`; otherwise `now`, the receive time. Anyone else's stamp is the
 * sender's choice (dated 2099 it would stay on top, dated 2001 it would hide in the past).
 */
export function trustedDelay(
  el: Element,
  trusted: (from: JID) => boolean,
  now: number = Date.now(),
): { timestamp: number; trusted: boolean } {
  return trustedStamp(parseDelay(el), trusted, now);
}

/** trustedDelay for a delay already parsed (the incoming envelope's `delay` part). */
export function trustedStamp(
  delay: Delay | null,
  trusted: (from: JID) => boolean,
  now: number = Date.now(),
): { timestamp: number; trusted: boolean } {
  const by = delay?.from ? parseJid(delay.from) : null;
  if (!delay || !by || !trusted(by)) return { timestamp: now, trusted: false };
  return { timestamp: Math.min(delay.stamp, now), trusted: true };
}
