import type { MessageEnvelope, Session } from '@parley/xmpp';
import type { Rooms } from './rooms.js';
import { englishText } from '@parley/contract';
import { roomRefusalText } from './room-error-words.js';

/**
 * An error message from a room's bare JID (XEP-0045 §7.4, RFC 6120 §8.3): the room refusing
 * something we sent it. In order: the answer to a pending subject change (the command that
 * sent it hears the refusal); the bounce of one of our groupchat messages to this room (that
 * message is marked failed with the reason); anything else, a room notice in words. The
 * sender was checked by the caller: the bare JID of a room we know.
 */
export function handleRoomError(
  rooms: Rooms,
  session: Session,
  room: string,
  envelope: MessageEnvelope,
): void {
  const condition = envelope.parts.error?.condition ?? null;
  const text = envelope.parts.error?.text ?? null;
  const id = envelope.id;
  const live = rooms.live.get(room);
  const standing = {
    occupantsMayChange: live?.info?.occupantsMayChangeSubject ?? false,
    visitor: live?.ownRole === 'visitor',
  };
  if (rooms.subjects.refused(room, id, condition, text, standing)) return;
  if (id !== null && isOurRoomMessage(rooms, room, id)) {
    const reason = roomRefusalText('message', condition, text);
    const bounce = { id, condition, text, reason };
    rooms.pipeline.batch.add(session, () => rooms.pipeline.onBounce(bounce, room));
    return;
  }
  const refusal = roomRefusalText('other', condition, text);
  rooms.notice(room, {
    kind: 'error',
    nick: '',
    value: englishText(refusal),
    text: refusal,
    actor: null,
    reason: null,
  });
}

/** A message we sent to this room (not one of our other devices' copies). */
function isOurRoomMessage(rooms: Rooms, room: string, id: string): boolean {
  const { store, accountId } = rooms.scope;
  const message = store.messages.get(accountId, id);
  return (
    !!message && message.peer === room && message.direction === 'out' && !message.fromOtherDevice
  );
}
