import type { OwnPresence } from '@parley/contract';
import { tFor } from '../../i18n';

const t = tFor('commands');

export type OwnShow = OwnPresence['show'];
export const SHOWS: readonly OwnShow[] = ['available', 'chat', 'away', 'xa', 'dnd'];

/** What an argument is, for completion: the list offers these there. */
export type ArgKind =
  | { kind: 'choice'; choices: readonly string[] }
  | { kind: 'contact' }
  | { kind: 'room' }
  /** A room's occupant (in a room), else a contact. */
  | { kind: 'nick-or-contact' }
  | { kind: 'nick' }
  | { kind: 'command' }
  | null;

/**
 * One command the composers understand: the one table that parsing, completion, /help and
 * the command palette read (as Profanity's cmd_defs.c is for its parser, autocompleter and
 * /help). `roomOnly` commands act on the open room.
 */
export interface CommandSpec {
  name: string;
  aliases?: readonly string[];
  roomOnly?: boolean;
  /** How it is written; the words standing for what to type are translated. */
  usage(): string;
  /** What it does, one line (for /help and the palette). */
  summary(): string;
  /** What the argument at `index` is, given the sub-command typed first. */
  arg(index: number, first: string | undefined): ArgKind;
}

const choice = (...choices: string[]): ArgKind => ({ kind: 'choice', choices });
const contact: ArgKind = { kind: 'contact' };
export const OMEMO_ACTIONS = ['enable', 'disable', 'fingerprint'] as const;
export const ROSTER_ACTIONS = ['add', 'remove'] as const;

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'msg',
    aliases: ['query'],
    usage: () => t('/msg name@server [text] (in a group chat: /msg nickname [text])'),
    summary: () => t('Open a chat, and send the text if given'),
    arg: (i) => (i === 0 ? { kind: 'nick-or-contact' } : null),
  },
  {
    name: 'roster',
    usage: () => t('/roster add name@server [name] · /roster remove name@server'),
    summary: () => t('Add a contact or remove one'),
    arg: (i) => (i === 0 ? choice(...ROSTER_ACTIONS) : i === 1 ? contact : null),
  },
  {
    name: 'join',
    usage: () => t('/join room@service[/nickname] [password]'),
    summary: () => t('Join a group chat'),
    arg: (i) => (i === 0 ? { kind: 'room' } : null),
  },
  {
    name: 'omemo',
    usage: () => t('/omemo enable|disable|fingerprint [name@server]'),
    summary: () => t('Turn OMEMO encryption on or off, or show the fingerprints'),
    arg: (i) => (i === 0 ? choice(...OMEMO_ACTIONS) : i === 1 ? contact : null),
  },
  {
    name: 'sendfile',
    usage: () => t('/sendfile [name@server] [path]'),
    summary: () => t('Send a file (the file dialog opens for you to confirm)'),
    arg: (i) => (i === 0 ? contact : null),
  },
  {
    name: 'status',
    usage: () => t('/status [available|chat|away|xa|dnd] [message]'),
    summary: () => t('Set your status and its message'),
    arg: (i) => (i === 0 ? choice(...SHOWS) : null),
  },
  {
    name: 'away',
    usage: () => t('/away [message]'),
    summary: () => t('Set your status to away'),
    arg: () => null,
  },
  {
    name: 'help',
    usage: () => t('/help [command]'),
    summary: () => t('List the commands, or explain one'),
    arg: (i) => (i === 0 ? { kind: 'command' } : null),
  },
  {
    name: 'nick',
    roomOnly: true,
    usage: () => t('/nick new-nickname'),
    summary: () => t('Change your nickname in this group chat'),
    arg: () => null,
  },
  {
    name: 'topic',
    aliases: ['subject'],
    roomOnly: true,
    usage: () => t('/topic new subject'),
    summary: () => t("Change the group chat's subject"),
    arg: () => null,
  },
  {
    name: 'kick',
    roomOnly: true,
    usage: () => t('/kick nickname [reason]'),
    summary: () => t('Remove someone from the group chat'),
    arg: (i) => (i === 0 ? { kind: 'nick' } : null),
  },
  {
    name: 'ban',
    roomOnly: true,
    usage: () => t('/ban nickname [reason]'),
    summary: () => t('Ban someone from the group chat'),
    arg: (i) => (i === 0 ? { kind: 'nick' } : null),
  },
  {
    name: 'invite',
    roomOnly: true,
    usage: () => t('/invite name@server [reason]'),
    summary: () => t('Invite a contact to the group chat'),
    arg: (i) => (i === 0 ? contact : null),
  },
  {
    name: 'part',
    aliases: ['leave'],
    roomOnly: true,
    usage: () => '/part',
    summary: () => t('Leave the group chat'),
    arg: () => null,
  },
];

/** The command a typed word names (an alias included); undefined when none. */
export function commandNamed(word: string): CommandSpec | undefined {
  const lower = word.toLowerCase();
  return COMMANDS.find((c) => c.name === lower || (c.aliases ?? []).includes(lower));
}

/** The commands that work here (room commands only in a room). */
export function commandsHere(inRoom: boolean): CommandSpec[] {
  return COMMANDS.filter((c) => inRoom || !c.roomOnly);
}
