import type {
  MucAffiliation,
  MucRole,
  Room,
  RoomErrorCode,
  RoomNotice,
  RoomNoticeKind,
} from '@parley/contract';

const ERROR_WORDS: Record<RoomErrorCode, string> = {
  'nickname-in-use': 'Someone in this room already uses that nickname.',
  'nickname-invalid': 'The room does not accept that nickname.',
  'password-required': 'This room needs a password.',
  'members-only': 'Only members may enter this room. Ask an owner or admin to invite you.',
  banned: 'You are banned from this room.',
  'not-found': 'This room does not exist.',
  'room-full': 'The room is full.',
  forbidden: 'The room does not let you in.',
  kicked: 'You were kicked from the room.',
  destroyed: 'The room was destroyed.',
  removed: 'You were removed from the room.',
  timeout: 'The room did not answer in time.',
  'not-connected': 'Your account is not connected.',
  unknown: 'Could not join the room.',
};

/** The error in words, with the server's own text after it when it adds something. */
export function roomErrorWords(error: { code: RoomErrorCode; message: string }): string {
  const words = ERROR_WORDS[error.code];
  const detail = error.message.trim();
  // A bare stanza error condition ("item-not-found") adds nothing to the words.
  if (!detail || /^[a-z-]+$/u.test(detail) || words.includes(detail)) return words;
  return `${words} (${detail})`;
}

/** Why the room view is not live, in words; null when joined. */
export function roomStateWords(room: Room): string | null {
  if (room.state === 'joined') return null;
  if (room.state === 'joining') return 'Joining…';
  if (room.error) return roomErrorWords(room.error);
  if (room.state === 'error') return ERROR_WORDS.unknown;
  return room.bookmarked ? 'You are not in this room (bookmarked).' : 'You left this room.';
}

export const ROLE_GROUP_LABEL: Record<Exclude<MucRole, 'none'>, string> = {
  moderator: 'Moderators',
  participant: 'Participants',
  visitor: 'Visitors',
};

export const AFFILIATION_LABEL: Record<MucAffiliation, string> = {
  owner: 'Owner',
  admin: 'Admin',
  member: 'Member',
  outcast: 'Banned',
  none: '',
};

export const AFFILIATION_LIST_LABEL: Record<'owner' | 'admin' | 'member' | 'outcast', string> = {
  member: 'Members',
  admin: 'Admins',
  owner: 'Owners',
  outcast: 'Banned',
};

/** A notice as text parts; nicks are kept apart so they can be isolated (<bdi>) and coloured. */
export type NoticePart = string | { nick: string };

const ROLE_NOTE: Record<MucRole, string> = {
  moderator: ' is now a moderator',
  participant: ' is now a participant',
  visitor: ' is now a visitor and cannot speak',
  none: ' has no role',
};

const AFFILIATION_NOTE: Record<MucAffiliation, string> = {
  owner: ' is now an owner',
  admin: ' is now an admin',
  member: ' is now a member',
  outcast: ' was banned',
  none: ' is no longer a member',
};

export function noticeParts(n: RoomNotice): NoticePart[] {
  const who: NoticePart = { nick: n.nick };
  const by: NoticePart[] = n.actor ? [' by ', { nick: n.actor }] : [];
  const why: NoticePart[] = n.reason ? [`: ${n.reason}`] : [];
  switch (n.kind) {
    case 'join':
      return [who, ' joined'];
    case 'leave':
      return [who, ' left', ...why];
    case 'nick':
      return [who, ' is now known as ', { nick: n.value ?? '' }];
    case 'role':
      return [
        who,
        ROLE_NOTE[(n.value as MucRole | null) ?? 'participant'] ?? ' changed role',
        ...by,
      ];
    case 'affiliation':
      return [
        who,
        AFFILIATION_NOTE[(n.value as MucAffiliation | null) ?? 'none'] ?? ' changed affiliation',
        ...by,
        ...why,
      ];
    case 'kick':
      return [who, ' was kicked', ...by, ...why];
    case 'ban':
      return [who, ' was banned', ...by, ...why];
    case 'subject':
      return n.value ? [who, ` set the subject: ${n.value}`] : [who, ' cleared the subject'];
    case 'config':
      return ['The room configuration changed'];
    case 'destroyed':
      return ['The room was destroyed', ...why];
    case 'error':
      return [n.value ?? 'The room refused something we sent'];
  }
}

const SUMMARY: Record<RoomNoticeKind, [string, string]> = {
  join: ['joined', 'joined'],
  leave: ['left', 'left'],
  nick: ['nickname change', 'nickname changes'],
  role: ['role change', 'role changes'],
  affiliation: ['affiliation change', 'affiliation changes'],
  kick: ['kicked', 'kicked'],
  ban: ['banned', 'banned'],
  subject: ['subject change', 'subject changes'],
  config: ['configuration change', 'configuration changes'],
  destroyed: ['room destroyed', 'room destroyed'],
  error: ['refusal', 'refusals'],
};

/** "3 joined, 1 left, 2 nickname changes", in the order the kinds first appear. */
export function summarizeNotices(notices: readonly RoomNotice[]): string {
  const counts = new Map<RoomNoticeKind, number>();
  for (const n of notices) counts.set(n.kind, (counts.get(n.kind) ?? 0) + 1);
  return [...counts]
    .map(([kind, count]) => `${count} ${SUMMARY[kind][count === 1 ? 0 : 1]}`)
    .join(', ');
}
