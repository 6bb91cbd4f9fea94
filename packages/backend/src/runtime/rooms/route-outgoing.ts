import type { Message } from '@parley/contract';
import {
  buildChatMessage,
  buildFileMessage,
  buildGroupchatMessage,
  buildMucPrivateMessage,
  parseJid,
  type Element,
} from '@parley/xmpp';
import type { Rooms } from './rooms.js';

/**
 * The stanza for a stored outgoing message: groupchat to a room, a private message to an
 * occupant, or a one-to-one chat. Room messages wait (null) until the room is joined: a room
 * refuses messages from non-occupants, and the outbox sends them after the join. The chat's
 * <active/> goes only when the account sends chat states.
 */
export function routeOutgoing(
  rooms: Rooms,
  message: Message,
  sendChatStates: boolean,
): Element | null {
  const to = parseJid(message.peer);
  if (!to) return null;
  const room = to.bare().toString();
  const isRoom = rooms.isRoom(room);
  if (isRoom && rooms.live.get(room)?.state !== 'joined') return null;
  const file = fileMessage(message, isRoom ? (to.resource ? 'private' : 'room') : 'chat');
  if (file) return file;
  if (!isRoom) {
    return buildChatMessage({
      to: message.peer,
      body: message.body,
      id: message.id,
      originId: message.originId ?? message.id,
      requestReceipt: true,
      chatState: sendChatStates ? 'active' : null,
    });
  }
  if (to.resource) return buildMucPrivateMessage({ to, body: message.body, id: message.id });
  return buildGroupchatMessage({
    room,
    body: message.body,
    id: message.id,
    originId: message.originId ?? message.id,
  });
}

/** A shared file's message (URL body, XEP-0066 and XEP-0447), when the message carries one. */
function fileMessage(message: Message, kind: 'chat' | 'room' | 'private'): Element | null {
  const a = message.attachment;
  // Our uploads always know all of these; anything less goes as the plain text (the URL).
  if (!a || a.size === null || a.mediaType === null || a.sha256 === null) return null;
  return buildFileMessage({
    to: message.peer,
    type: kind === 'room' ? 'groupchat' : 'chat',
    private: kind === 'private',
    id: message.id,
    url: a.url,
    name: a.name,
    size: a.size,
    mediaType: a.mediaType,
    sha256: a.sha256,
  });
}
