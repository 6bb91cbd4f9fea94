import type {
  MucAffiliation,
  MucRole,
  Room,
  RoomErrorCode,
  RoomNotice,
  RoomNoticeKind,
} from '@parley/contract';
import { currentLanguage, tFor } from '../../i18n';
import { backendTextWords } from '../../i18n/backend-texts';

const t = tFor('rooms');

/** Each error in words (written out, so extraction finds them). */
function errorWords(code: RoomErrorCode): string {
  const words: Record<RoomErrorCode, string> = {
    'nickname-in-use': t('Someone in this room already uses that nickname.'),
    'nickname-invalid': t('The room does not accept that nickname.'),
    'password-required': t('This room needs a password.'),
    'members-only': t('Only members may enter this room. Ask an owner or admin to invite you.'),
    banned: t('You are banned from this room.'),
    'not-found': t('This room does not exist.'),
    'room-full': t('The room is full.'),
    forbidden: t('The room does not let you in.'),
    kicked: t('You were kicked from the room.'),
    destroyed: t('The room was destroyed.'),
    removed: t('You were removed from the room.'),
    timeout: t('The room did not answer in time.'),
    'not-connected': t('Your account is not connected.'),
    unknown: t('Could not join the room.'),
  };
  return words[code];
}

/** The error in words, with the server's own text after it when it adds something. */
export function roomErrorWords(error: { code: RoomErrorCode; message: string }): string {
  const words = errorWords(error.code);
  const detail = error.message.trim();
  // A bare stanza error condition ("item-not-found") adds nothing to the words.
  if (!detail || /^[a-z-]+$/u.test(detail) || words.includes(detail)) return words;
  return t('{{words}} ({{detail}})', { words, detail });
}

/** Why the room view is not live, in words; null when joined. */
export function roomStateWords(room: Room): string | null {
  if (room.state === 'joined') return null;
  if (room.state === 'joining') return t('Joining…');
  if (room.error) return roomErrorWords(room.error);
  if (room.state === 'error') return errorWords('unknown');
  return room.bookmarked ? t('You are not in this room (bookmarked).') : t('You left this room.');
}

export function roleGroupLabel(role: Exclude<MucRole, 'none'>): string {
  const labels: Record<Exclude<MucRole, 'none'>, string> = {
    moderator: t('Moderators'),
    participant: t('Participants'),
    visitor: t('Visitors'),
  };
  return labels[role];
}

export function affiliationLabel(affiliation: MucAffiliation): string {
  const labels: Record<MucAffiliation, string> = {
    owner: t('Owner'),
    admin: t('Admin'),
    member: t('Member'),
    outcast: t('Banned', { context: 'person' }),
    none: '',
  };
  return labels[affiliation];
}

export type AffiliationList = 'owner' | 'admin' | 'member' | 'outcast';

export function affiliationListLabel(list: AffiliationList): string {
  const labels: Record<AffiliationList, string> = {
    member: t('Members'),
    admin: t('Admins'),
    owner: t('Owners'),
    outcast: t('Banned', { context: 'list' }),
  };
  return labels[list];
}

/** A notice as text parts; nicks are kept apart so they can be isolated (<bdi>) and coloured. */
export type NoticePart = string | { nick: string };

// Stand-ins for the values while the translated sentence is made (private-use characters), so
// the sentence stays whole for translators and the nicks can still be cut out as parts.
const MARKS = ['\uE000', '\uE001', '\uE002'] as const;

/**
 * One translated sentence as parts: `make` gets a stand-in per value and returns the text;
 * nick values become their own parts, plain ones (a reason, a subject) join the text.
 */
export function sentence(
  make: (v: Record<string, string>) => string,
  values: Record<string, NoticePart> = {},
): NoticePart[] {
  const entries = Object.entries(values);
  const stand = Object.fromEntries(entries.map(([name], i) => [name, MARKS[i] ?? '']));
  const parts: NoticePart[] = [];
  let text = '';
  for (const ch of make(stand)) {
    const at = MARKS.indexOf(ch as (typeof MARKS)[number]);
    const value = at >= 0 ? entries[at]?.[1] : undefined;
    if (value === undefined) text += ch;
    else if (typeof value === 'string') text += value;
    else {
      if (text) parts.push(text);
      text = '';
      parts.push(value);
    }
  }
  if (text) parts.push(text);
  return parts;
}

function roleNotice(n: RoomNotice, v: Record<string, string>): string {
  const role = (n.value as MucRole | null) ?? 'participant';
  if (n.actor) {
    if (role === 'moderator') return t('{{nick}} is now a moderator by {{actor}}', v);
    if (role === 'participant') return t('{{nick}} is now a participant by {{actor}}', v);
    if (role === 'visitor') return t('{{nick}} is now a visitor and cannot speak by {{actor}}', v);
    if (role === 'none') return t('{{nick}} has no role by {{actor}}', v);
    return t('{{nick}} changed role by {{actor}}', v);
  }
  if (role === 'moderator') return t('{{nick}} is now a moderator', v);
  if (role === 'participant') return t('{{nick}} is now a participant', v);
  if (role === 'visitor') return t('{{nick}} is now a visitor and cannot speak', v);
  if (role === 'none') return t('{{nick}} has no role', v);
  return t('{{nick}} changed role', v);
}

function affiliationNotice(n: RoomNotice, v: Record<string, string>): string {
  const affiliation = (n.value as MucAffiliation | null) ?? 'none';
  const text: Record<MucAffiliation, string> = n.actor
    ? {
        owner: t('{{nick}} is now an owner by {{actor}}', v),
        admin: t('{{nick}} is now an admin by {{actor}}', v),
        member: t('{{nick}} is now a member by {{actor}}', v),
        outcast: t('{{nick}} was banned by {{actor}}', v),
        none: t('{{nick}} is no longer a member by {{actor}}', v),
      }
    : {
        owner: t('{{nick}} is now an owner', v),
        admin: t('{{nick}} is now an admin', v),
        member: t('{{nick}} is now a member', v),
        outcast: t('{{nick}} was banned', v),
        none: t('{{nick}} is no longer a member', v),
      };
  const said = text[affiliation] ?? t('{{nick}} changed affiliation', v);
  return n.reason ? t('{{notice}}: {{reason}}', { notice: said, reason: v.reason }) : said;
}

export function noticeParts(n: RoomNotice): NoticePart[] {
  const who: NoticePart = { nick: n.nick };
  const values: Record<string, NoticePart> = { nick: who };
  if (n.actor) values.actor = { nick: n.actor };
  if (n.reason) values.reason = n.reason;
  const why = (said: string, v: Record<string, string>): string =>
    n.reason ? t('{{notice}}: {{reason}}', { notice: said, reason: v.reason }) : said;
  switch (n.kind) {
    case 'join':
      return sentence((v) => t('{{nick}} joined', v), values);
    case 'leave':
      return sentence((v) => why(t('{{nick}} left', v), v), values);
    case 'nick':
      return sentence((v) => t('{{nick}} is now known as {{newNick}}', v), {
        nick: who,
        newNick: { nick: n.value ?? '' },
      });
    case 'role':
      // A role change carries no reason here, as before.
      return sentence(
        (v) => roleNotice(n, v),
        n.actor ? { nick: who, actor: { nick: n.actor } } : { nick: who },
      );
    case 'affiliation':
      return sentence((v) => affiliationNotice(n, v), values);
    case 'kick':
      return sentence(
        (v) =>
          why(n.actor ? t('{{nick}} was kicked by {{actor}}', v) : t('{{nick}} was kicked', v), v),
        values,
      );
    case 'ban':
      return sentence(
        (v) =>
          why(n.actor ? t('{{nick}} was banned by {{actor}}', v) : t('{{nick}} was banned', v), v),
        values,
      );
    case 'subject':
      return n.value
        ? sentence((v) => t('{{nick}} set the subject: {{subject}}', v), {
            nick: who,
            subject: n.value,
          })
        : sentence((v) => t('{{nick}} cleared the subject', v), { nick: who });
    case 'config':
      return [t('The room configuration changed')];
    case 'destroyed':
      return n.reason
        ? [t('The room was destroyed: {{reason}}', { reason: n.reason })]
        : [t('The room was destroyed')];
    case 'error':
      return [
        (n.text && backendTextWords(n.text)) ?? n.value ?? t('The room refused something we sent'),
      ];
  }
}

/** "3 joined" for one kind of notice, with the language's plural forms. */
function summaryWords(kind: RoomNoticeKind, count: number): string {
  switch (kind) {
    case 'join':
      return t('{{count}} joined', { count });
    case 'leave':
      return t('{{count}} left', { count });
    case 'nick':
      return t('{{count}} nickname changes', { count });
    case 'role':
      return t('{{count}} role changes', { count });
    case 'affiliation':
      return t('{{count}} affiliation changes', { count });
    case 'kick':
      return t('{{count}} kicked', { count });
    case 'ban':
      return t('{{count}} banned', { count });
    case 'subject':
      return t('{{count}} subject changes', { count });
    case 'config':
      return t('{{count}} configuration changes', { count });
    case 'destroyed':
      return t('{{count}} room destroyed', { count });
    case 'error':
      return t('{{count}} refusals', { count });
  }
}

/** "3 joined, 1 left, 2 nickname changes", in the order the kinds first appear. */
export function summarizeNotices(notices: readonly RoomNotice[]): string {
  const counts = new Map<RoomNoticeKind, number>();
  for (const n of notices) counts.set(n.kind, (counts.get(n.kind) ?? 0) + 1);
  const parts = [...counts].map(([kind, count]) => summaryWords(kind, count));
  // The language's own list ("a, b, c" in English; "a, b und c" in German).
  return new Intl.ListFormat(currentLanguage(), { type: 'unit', style: 'short' }).format(parts);
}
