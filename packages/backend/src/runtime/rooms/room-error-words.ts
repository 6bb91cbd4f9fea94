import type { BackendText, BackendTextId } from '@parley/contract';
import type { ErrorCondition } from '@parley/xmpp';
import { bounceText, withServerText } from '../message-errors.js';

/** What we asked the room for when it answered with an error. */
export type RoomRequest = 'subject' | 'message' | 'other';

/** XEP-0045 §8.1 / §7.4: the conditions a room gives for refusing what an occupant sent. */
const SUBJECT: readonly ErrorCondition[] = [
  'forbidden',
  'not-allowed',
  'not-acceptable',
  'not-authorized',
];
const MESSAGE: readonly ErrorCondition[] = [
  'forbidden',
  'not-acceptable',
  'not-allowed',
  'not-authorized',
  'policy-violation',
  'resource-constraint',
  'item-not-found',
  'service-unavailable',
];
const OTHER: readonly ErrorCondition[] = ['forbidden', 'not-acceptable', 'not-allowed'];

/** What we know of our standing in the room, for a refused subject change. */
export interface SubjectStanding {
  /** muc#roominfo_changesubject: participants may change the subject. */
  occupantsMayChange: boolean;
  /** We are a visitor (no voice in a moderated room). */
  visitor: boolean;
}

/**
 * A room's refusal as a text (backend-text-templates.ts). Only the condition chooses the
 * words; the room's own text is untrusted and quoted after them. A forbidden subject change
 * means lack of a voice when we are a visitor or the room lets participants change it, else
 * that only moderators may.
 */
export function roomRefusalText(
  request: RoomRequest,
  condition: ErrorCondition | null,
  said: string | null,
  standing: SubjectStanding = { occupantsMayChange: false, visitor: false },
): BackendText {
  let id: BackendTextId | undefined;
  if (request === 'subject') {
    if (condition === 'forbidden' && (standing.visitor || standing.occupantsMayChange)) {
      id = 'room-subject.no-voice';
    } else if (condition && SUBJECT.includes(condition)) {
      id = `room-subject.${condition as 'forbidden'}`;
    }
  } else if (request === 'message') {
    if (condition && MESSAGE.includes(condition)) id = `room-message.${condition as 'forbidden'}`;
    else return bounceText(condition, said);
  } else if (condition && OTHER.includes(condition)) {
    id = `room-other.${condition as 'forbidden'}`;
  }
  // A condition with no words of its own is named (translated) in the general refusal.
  const text: BackendText = condition
    ? { id: id ?? 'room.refused-condition', condition }
    : { id: id ?? 'room.refused' };
  return withServerText(text, said, 'room');
}
