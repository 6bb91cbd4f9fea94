import type { Message } from '@parley/contract';
import {
  buildChatMessage,
  buildGroupchatMessage,
  buildMucPrivateMessage,
  parseJid,
  type Element,
} from '@parley/xmpp';
import type { Rooms } from './rooms.js';

/**
 * The stanza for a stored outgoing message: groupchat to a room, a private message to an
 * occupant, or a one-to-one chat. Room messages wait (null) until the room is joined: a room
 * refuses messages from non-occupants, and the outbox sends them after the join.
 */
export function routeOutgoing(rooms: Rooms, message: Message): Element | null {
  const to = parseJid(message.peer);
  if (!to) return null;
  const room = to.bare().toString();
  if (!rooms.isRoom(room)) {
    return buildChatMessage({
      to: message.peer,
      body: message.body,
      id: message.id,
      originId: message.originId ?? message.id,
      requestReceipt: true,
      chatState: 'active',
    });
  }
  if (rooms.live.get(room)?.state !== 'joined') return null;
  if (to.resource) return buildMucPrivateMessage({ to, body: message.body, id: message.id });
  return buildGroupchatMessage({
    room,
    body: message.body,
    id: message.id,
    originId: message.originId ?? message.id,
  });
}
