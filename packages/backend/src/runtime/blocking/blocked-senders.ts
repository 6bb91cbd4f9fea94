import { parseJid, sameBare, type Element, type IncomingMessage, type JID } from '@parley/xmpp';
import type { Blocklist } from './blocklist.js';

/**
 * The client-side half of blocking: whatever a blocked address sends that still reaches us (a
 * server without XEP-0191, a race with a block just made) is dropped before any handling, so it
 * is never decrypted, stored, shown, answered or turned into a conversation.
 *
 * Kept: errors (the server's bounce of a message we sent to someone we block names them as
 * sender and says why) and iq results (answers to our own requests). Our own account and our
 * own server are never dropped, whatever the list holds: that would cut the account off.
 */
export function refusesStanza(list: Blocklist, own: JID, stanza: Element): boolean {
  if (list.size === 0) return false;
  const type = stanza.attrs.type;
  if (type === 'error' || (stanza.name === 'iq' && type === 'result')) return false;
  const from = parseJid(stanza.attrs.from);
  if (!from || isOwnAccountOrServer(from, own)) return false;
  return list.blocks(from);
}

/**
 * A message unwrapped from a carbon or an archive result, from a blocked address to us: drop it
 * (consumed, nothing stored). Our own messages to them (sent before the block) are kept.
 */
export function refusesMessage(list: Blocklist, own: JID, message: IncomingMessage): boolean {
  const envelope = message.envelope;
  if (list.size === 0 || !envelope?.from || envelope.type === 'error') return false;
  if (isOwnAccountOrServer(envelope.from, own)) return false;
  return list.blocks(envelope.from);
}

function isOwnAccountOrServer(address: JID, own: JID): boolean {
  return address.local ? sameBare(address, own) : address.domain === own.domain;
}
