// XEP-0199 XMPP Ping: keepalive towards the server and answering peers' pings.
import {
  buildIqResult,
  iqPayload,
  iqType,
  requireJid,
  xml,
  type Element,
  type JidInput,
} from '../stanza.js';

export const NS_PING = 'urn:xmpp:ping';

/** A ping; `to` omitted pings our own server (c2s keepalive, XEP-0199 §4.2). */
export function buildPing(to?: JidInput): Element {
  return xml(
    'iq',
    { type: 'get', to: to === undefined ? undefined : requireJid(to).toString() },
    xml('ping', { xmlns: NS_PING }),
  );
}

export function isPing(iq: Element): boolean {
  const payload = iqPayload(iq);
  return iqType(iq) === 'get' && payload?.getName() === 'ping' && payload.getNS() === NS_PING;
}

/** The empty result answering a ping; null when `iq` is not a ping or has no id. */
export function buildPong(iq: Element): Element | null {
  return isPing(iq) ? buildIqResult(iq) : null;
}
