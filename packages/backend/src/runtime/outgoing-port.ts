// How message features send their own stanzas (corrections, retractions, reactions, displayed
// markers): through the account's outgoing builder, so every XEP section and every transform
// (the encrypt seam) covers them as it covers messages. The outbox is that port.
import type { Message } from '@parley/contract';
import type { Element, OutgoingMessage } from '@parley/xmpp';

export interface OutgoingPort {
  /** What a stored message is on the wire now; null holds it back (a room not joined yet). */
  route(message: Message): OutgoingMessage | null;
  /** The stanza to send: every section, then every transform. */
  prepare(outgoing: OutgoingMessage): Element;
}

/** The wire kind of a conversation's body-less notifications (reactions, markers). */
export function notificationKind(kind: 'chat' | 'room' | 'private'): 'chat' | 'groupchat' {
  // A private message's notifications go to room/nick as plain chat, as they always have.
  return kind === 'room' ? 'groupchat' : 'chat';
}
