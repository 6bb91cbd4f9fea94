import type { ErrorCondition } from '@parley/xmpp';
import { bounceWords } from '../message-errors.js';

/** What we asked the room for when it answered with an error. */
export type RoomRequest = 'subject' | 'message' | 'other';

/** XEP-0045 §8.1 / §7.4: the conditions a room gives for refusing what an occupant sent. */
const SUBJECT_WORDS: Partial<Record<ErrorCondition, string>> = {
  forbidden: 'Only moderators may change the subject here.',
  'not-allowed': 'This room does not allow changing its subject.',
  'not-acceptable': 'You are not in this room any more: join it again to change the subject.',
  'not-authorized': 'You are not allowed to change the subject here.',
};

const MESSAGE_WORDS: Partial<Record<ErrorCondition, string>> = {
  forbidden: 'You may not speak in this room now (it is moderated and you have no voice).',
  'not-acceptable': 'You are not in this room any more: join it again to send.',
  'not-allowed': 'The room does not allow this message.',
  'not-authorized': 'You are not allowed to send messages here.',
  'policy-violation': 'A room policy refused it.',
  'resource-constraint': 'The room is overloaded: try again later.',
  'item-not-found': 'The room does not exist any more.',
  'service-unavailable': 'The room’s service did not take it.',
};

const OTHER_WORDS: Partial<Record<ErrorCondition, string>> = {
  forbidden: 'The room refused a request: you are not allowed to do that here.',
  'not-acceptable': 'The room refused a request: you are not in this room any more.',
  'not-allowed': 'The room refused a request: it does not allow that.',
};

/** What we know of our standing in the room, for a refused subject change. */
export interface SubjectStanding {
  /** muc#roominfo_changesubject: participants may change the subject. */
  occupantsMayChange: boolean;
  /** We are a visitor (no voice in a moderated room). */
  visitor: boolean;
}

/**
 * A room's refusal in words. Only the condition chooses the words; the room's own text is
 * untrusted and quoted after them. A forbidden subject change means lack of a voice when we
 * are a visitor or the room lets participants change it, else that only moderators may.
 */
export function roomRefusalWords(
  request: RoomRequest,
  condition: ErrorCondition | null,
  text: string | null,
  standing: SubjectStanding = { occupantsMayChange: false, visitor: false },
): string {
  let words: string | undefined;
  if (request === 'subject') {
    words =
      condition === 'forbidden' && (standing.visitor || standing.occupantsMayChange)
        ? 'You have no voice in this room, so you may not change its subject.'
        : condition
          ? SUBJECT_WORDS[condition]
          : undefined;
  } else if (request === 'message') {
    words = condition ? MESSAGE_WORDS[condition] : undefined;
  } else {
    words = condition ? OTHER_WORDS[condition] : undefined;
  }
  if (words === undefined) {
    return request === 'message'
      ? bounceWords(condition, text)
      : withText('The room refused it.', text);
  }
  return withText(words, text);
}

function withText(words: string, text: string | null): string {
  const said = text?.trim();
  return said ? `${words} The room said: “${said}”` : words;
}
