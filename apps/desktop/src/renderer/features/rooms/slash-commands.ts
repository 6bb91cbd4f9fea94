import type { Room } from '@parley/contract';
import { tFor } from '../../i18n';
import { isBareAddress } from '../../ui/names';

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
 * IRC-style commands typed in a room's composer, as Gajim and Dino offer them: "/nick Bob",
 * "/topic Tea at five", "/kick Eve spamming"... "/me waves" stays a message (XEP-0245), and a
 * doubled slash sends the text as it is ("//kick" sends "/kick").
 */
export type SlashCommand =
  | { kind: 'nick'; nick: string }
  | { kind: 'topic'; subject: string }
  | { kind: 'kick' | 'ban'; nick: string; reason: string }
  | { kind: 'invite'; jid: string; reason: string }
  | { kind: 'part' }
  | { kind: 'msg'; nick: string; body: string }
  | { kind: 'join'; room: string };

export type ComposerInput =
  | { kind: 'text'; body: string }
  | { kind: 'command'; command: SlashCommand }
  /** Wrong use or unknown command: said in words, nothing sent. */
  | { kind: 'error'; message: string }
  /** /help: the list of commands. */
  | { kind: 'help'; message: string };

const COMMANDS = ['nick', 'topic', 'kick', 'ban', 'invite', 'part', 'msg', 'join'] as const;
type CommandName = (typeof COMMANDS)[number];

/** How each command is written; the words standing for what to type are translated. */
function usageOf(name: CommandName): string {
  const usage: Record<CommandName, string> = {
    nick: t('/nick new-nickname'),
    topic: t('/topic new subject'),
    kick: t('/kick nickname [reason]'),
    ban: t('/ban nickname [reason]'),
    invite: t('/invite name@server [reason]'),
    part: '/part',
    msg: t('/msg nickname text'),
    join: t('/join room@service'),
  };
  return usage[name];
}
const isCommand = (name: string): name is CommandName =>
  (COMMANDS as readonly string[]).includes(name);
const ALIASES: Record<string, string> = { subject: 'topic', leave: 'part', query: 'msg' };
const ROOM_ONLY = new Set(['nick', 'topic', 'kick', 'ban', 'invite', 'part', 'msg']);

function helpText(inRoom: boolean): string {
  const names = COMMANDS.filter((n) => inRoom || !ROOM_ONLY.has(n));
  return t('Commands: {{list}} · /me action. Start with // to send a slash.', {
    list: names.map(usageOf).join(' · '),
  });
}

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

/** What the composer text asks for; `nicks` are the room's occupants (empty outside rooms). */
export function parseComposerInput(
  text: string,
  inRoom: boolean,
  nicks: readonly string[] = [],
): ComposerInput {
  if (!text.startsWith('/') || /^\/me\s/u.test(text)) return { kind: 'text', body: text };
  if (text.startsWith('//')) return { kind: 'text', body: text.slice(1) };
  const match = /^\/(\S+)\s*([\s\S]*)$/u.exec(text);
  const typed = match?.[1]?.toLowerCase() ?? '';
  const args = (match?.[2] ?? '').trim();
  // "/usr/bin is full", "/o\\": no command word, so the text is a message.
  if (!/^[a-z]+$/u.test(typed)) return { kind: 'text', body: text };
  const name = ALIASES[typed] ?? typed;
  if (name === 'help') return { kind: 'help', message: helpText(inRoom) };
  if (!isCommand(name) || (!inRoom && ROOM_ONLY.has(name))) {
    return {
      kind: 'error',
      message: inRoom
        ? t('There is no command /{{name}}. Type /help for the list, or // to send it as text.', {
            name: typed,
          })
        : t(
            'There is no command /{{name}} here. Type /help for the list, or // to send it as text.',
            { name: typed },
          ),
    };
  }
  const usage = (): ComposerInput => ({
    kind: 'error',
    message: t('Usage: {{usage}}', { usage: usageOf(name) }),
  });
  switch (name) {
    case 'nick':
      return args ? { kind: 'command', command: { kind: 'nick', nick: args } } : usage();
    case 'topic':
      return args ? { kind: 'command', command: { kind: 'topic', subject: args } } : usage();
    case 'part':
      return { kind: 'command', command: { kind: 'part' } };
    case 'join':
      return /^\S+@\S+$/u.test(args)
        ? { kind: 'command', command: { kind: 'join', room: args } }
        : usage();
    case 'invite': {
      const [jid = '', ...rest] = args.split(/\s+/u);
      return isBareAddress(jid)
        ? { kind: 'command', command: { kind: 'invite', jid, reason: rest.join(' ') } }
        : usage();
    }
    default: {
      const [nick, rest] = splitNick(args, nicks);
      if (!nick) return usage();
      if (name === 'msg') {
        return rest ? { kind: 'command', command: { kind: 'msg', nick, body: rest } } : usage();
      }
      return { kind: 'command', command: { kind: name as 'kick' | 'ban', nick, reason: rest } };
    }
  }
}
