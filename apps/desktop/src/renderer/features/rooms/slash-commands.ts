import type { Room } from '@parley/contract';
import { tFor } from '../../i18n';

const t = tFor('rooms');

/**
 * Why we may not change this room's subject now, in words; null when we may. The backend
 * computes `canSetSubject` from our role and the room's muc#roominfo_changesubject; the room
 * still has the last word (a refusal comes back as the command's error).
 */
export function subjectRefusal(
  room: Pick<Room, 'state' | 'canSetSubject' | 'ownRole'> | undefined,
): string | null {
  if (!room || room.state !== 'joined') return t('Join the room to change its subject.');
  if (room.canSetSubject) return null;
  return room.ownRole === 'visitor'
    ? t('You have no voice in this room, so you may not change its subject.')
    : t('Only moderators may change the subject here.');
}

/**
 * A room command typed in the composer, as Gajim and Dino offer them: "/nick Bob",
 * "/topic Tea at five", "/kick Eve spamming"... Parsed with every other command from the one
 * table in features/commands; carried out by runSlashCommand (actions.ts).
 */
export type SlashCommand =
  | { kind: 'nick'; nick: string }
  | { kind: 'topic'; subject: string }
  | { kind: 'kick' | 'ban'; nick: string; reason: string }
  | { kind: 'invite'; jid: string; reason: string }
  | { kind: 'part' }
  /** A private message to an occupant; an empty body only opens the private chat. */
  | { kind: 'msg'; nick: string; body: string };

/**
 * A nickname at the start of `args`, then the rest. Nicknames may hold spaces, so the longest
 * present nick that `args` starts with wins (as in Gajim); else the first word.
 */
export function splitNick(args: string, nicks: readonly string[]): [string, string] {
  let best = '';
  for (const nick of nicks) {
    if (nick.length > best.length && (args === nick || args.startsWith(`${nick} `))) best = nick;
  }
  const nick = best || (args.split(/\s/u, 1)[0] ?? '');
  return [nick, args.slice(nick.length).trim()];
}
