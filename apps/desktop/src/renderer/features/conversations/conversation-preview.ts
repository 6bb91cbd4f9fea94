import type { Conversation, Room } from '@parley/contract';
import { displayName } from '../../ui/names';
import { formatDuration } from '../calls/duration';
import { isMeAction, withoutMe } from '../chat/me-action';
import { currentLanguage, languageDir, tFor } from '../../i18n';

const t = tFor('conversations');

/**
 * What stands for a retracted or moderated newest message, as Conversations and Dino show it:
 * that something was said and taken back. Not the message before it: the list is sorted by the
 * newest message's time, and a preview from earlier under that time would misreport both.
 */
export function tombstonePreview(
  retracted: 'sender' | 'moderator',
  direction: 'in' | 'out',
): string {
  if (retracted === 'moderator') return t('Message removed by a moderator');
  return direction === 'out' ? t('You deleted a message') : t('Message deleted');
}

type CallPreview = NonNullable<NonNullable<Conversation['lastMessage']>['call']>;

/** A call as the newest item: "Missed call", "Call, 2:05", "Declined call"… */
export function callPreview(call: CallPreview, direction: 'in' | 'out'): string {
  const video = call.media.includes('video');
  switch (call.outcome) {
    case 'answered': {
      const duration = formatDuration(call.durationMs ?? 0);
      return video
        ? t('Video call, {{duration}}', { duration })
        : t('Call, {{duration}}', { duration });
    }
    case 'declined':
      return t('Declined call');
    case 'cancelled':
      // The caller gave up: for the callee that is a call they missed.
      return direction === 'in' ? t('Missed call') : t('Cancelled call');
    case 'missed':
      return direction === 'in' ? t('Missed call') : t('No answer');
    default:
      return t('Call failed');
  }
}

/**
 * One line of the last message: whitespace collapsed, never markup. `peerName` is how the list
 * names a chat's peer (roster name or nick), used for a "/me" action.
 */
export function conversationPreview(
  conversation: Conversation,
  room: Room | undefined,
  peerName?: string,
): string {
  if (room && room.state !== 'joined') {
    if (room.state === 'joining') return t('Joining…');
    if (room.state === 'error') return t('Could not join');
    if (!conversation.lastMessage) {
      return room.bookmarked ? t('Bookmarked, not joined') : t('Not joined');
    }
  }
  const last = conversation.lastMessage;
  if (!last) return t('No messages yet');
  if (last.retracted) return tombstonePreview(last.retracted, last.direction);
  if (last.call) return callPreview(last.call, last.direction);
  let text = last.body.replace(/\s+/gu, ' ').trim().slice(0, 160);
  // A "/me" action (XEP-0245): "* Alice waves" where the sender is known, else "* waves".
  if (isMeAction(last.body)) {
    const name =
      conversation.kind === 'chat' && last.direction === 'in'
        ? `${peerName ?? displayName(conversation.name, conversation.peer)} `
        : '';
    text = `* ${name}${withoutMe(text)}`;
  }
  if (last.direction !== 'out') return text;
  // In a right-to-left interface the message keeps its own direction inside "You: …" (first
  // strong isolate … pop): "أنت: Hello!" would otherwise move the "!" to the far left.
  const isolated = languageDir(currentLanguage()) === 'rtl' ? `\u2068${text}\u2069` : text;
  return t('You: {{text}}', { text: isolated });
}
