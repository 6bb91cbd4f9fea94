import type { Message } from '@parley/contract';
import { parseJid, type OutgoingMessage } from '@parley/xmpp';
import type { Rooms } from './rooms.js';

/**
 * What a stored outgoing message is on the wire: groupchat to a room, a private message to an
 * occupant, or a one-to-one chat, with its file when it announces one. Room messages wait
 * (null) until the room is joined: a room refuses messages from non-occupants, and the outbox
 * sends them after the join. Which elements go in (receipt request, chat state, hints...) is
 * the outgoing builder's business, not the route's.
 */
export function routeOutgoing(rooms: Rooms, message: Message): OutgoingMessage | null {
  const to = parseJid(message.peer);
  if (!to) return null;
  const room = to.bare().toString();
  const isRoom = rooms.isRoom(room);
  if (isRoom && rooms.live.get(room)?.state !== 'joined') return null;
  const kind = !isRoom ? 'chat' : to.resource ? 'private' : 'groupchat';
  return outgoingOf(message, kind);
}

/** The builder's description of a stored message sent as `kind`. */
export function outgoingOf(message: Message, kind: OutgoingMessage['kind']): OutgoingMessage {
  const a = message.attachment;
  return {
    to: message.peer,
    kind,
    id: message.id,
    originId: message.originId ?? message.id,
    body: message.body,
    // Our uploads always know all of these; anything less goes as the plain text (the URL).
    ...(a && a.size !== null && a.mediaType !== null && a.sha256 !== null
      ? {
          attachment: {
            url: a.url,
            name: a.name,
            size: a.size,
            mediaType: a.mediaType,
            sha256: a.sha256,
          },
        }
      : {}),
  };
}
