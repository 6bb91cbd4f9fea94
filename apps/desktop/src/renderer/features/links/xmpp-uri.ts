import { isJidShaped, parseXmppUri } from '@parley/contract';

export { parseXmppUri, type XmppUri } from '@parley/contract';

/** What the user typed or pasted into a room address field. */
export interface RoomAddress {
  room: string;
  /** From a URI's `password` parameter. */
  password: string | null;
}

/**
 * A room address from `room@service` or `xmpp:room@service?join[;password=…]`. A full JID
 * (room@service/nick) gives its bare part. Null when it cannot be a room's address.
 */
export function parseRoomAddress(text: string): RoomAddress | null {
  const trimmed = text.trim();
  const uri = parseXmppUri(trimmed);
  if (/^xmpp:/iu.test(trimmed) && !uri) return null;
  const jid = uri ? uri.jid : trimmed;
  const bare = jid.split('/', 1)[0] ?? '';
  const at = bare.indexOf('@');
  if (at <= 0 || at === bare.length - 1 || !isJidShaped(bare) || bare.indexOf('@', at + 1) >= 0) {
    return null;
  }
  return { room: bare, password: uri?.params.password ?? null };
}
