import { distance } from 'fastest-levenshtein';
import { tFor } from '../../i18n';
import { isBareAddress } from '../../ui/names';
import { splitNick, type SlashCommand } from '../rooms/slash-commands';
import {
  commandNamed,
  commandsHere,
  OMEMO_ACTIONS,
  SHOWS,
  type CommandSpec,
  type OwnShow,
} from './registry';
import { restAfter, tokenize, unquote, type Token } from './tokens';

const t = tFor('commands');

/** What a composer command asks for (room commands keep their own shape: rooms/actions.ts). */
export type Command =
  | { kind: 'roster-add'; jid: string; name: string }
  | { kind: 'roster-remove'; jid: string }
  /** Opens the chat; sends `body` when it is not empty. */
  | { kind: 'msg'; jid: string; body: string }
  | { kind: 'join'; room: string; nick: string | null; password: string | null }
  | { kind: 'omemo'; action: (typeof OMEMO_ACTIONS)[number]; jid: string }
  | { kind: 'sendfile'; jid: string; path: string | null }
  /** `show` null keeps the current one. */
  | { kind: 'status'; show: OwnShow | null; message: string }
  | { kind: 'room'; command: SlashCommand };

export type ComposerInput =
  | { kind: 'text'; body: string }
  | { kind: 'command'; command: Command }
  /** Wrong use or unknown command: said in words, nothing sent, the text kept. */
  | { kind: 'error'; message: string }
  /** /help: the list of commands, or one command's use. */
  | { kind: 'help'; message: string };

export interface CommandContext {
  inRoom: boolean;
  /** The open conversation: what an address left out defaults to ('' when none is open). */
  peer: string;
  /** In a room: the occupants' nicks (a /kick or /msg nick may hold spaces). */
  nicks?: readonly string[];
}

/** The commands closest to a mistyped one ("/nik" → /nick), for "did you mean". */
export function closestCommand(typed: string, inRoom: boolean): string | null {
  let best: { name: string; d: number } | null = null;
  for (const spec of commandsHere(inRoom)) {
    for (const name of [spec.name, ...(spec.aliases ?? [])]) {
      const d = name.startsWith(typed) ? 0 : distance(typed, name);
      if (d <= 2 && (!best || d < best.d)) best = { name: spec.name, d };
    }
  }
  return best?.name ?? null;
}

export function helpText(inRoom: boolean, name?: string): string {
  if (name) {
    const spec = commandNamed(name.replace(/^\//u, ''));
    if (!spec) return t('There is no command /{{name}}.', { name });
    return `${spec.usage()} — ${spec.summary()}`;
  }
  return t('Commands: {{list}} · /me action. Start with // to send a slash.', {
    list: commandsHere(inRoom)
      .map((c) => c.usage())
      .join(' · '),
  });
}

const error = (message: string): ComposerInput => ({ kind: 'error', message });
const command = (c: Command): ComposerInput => ({ kind: 'command', command: c });
const room = (c: SlashCommand): ComposerInput => command({ kind: 'room', command: c });

/** What the composer text asks for. */
export function parseComposerInput(text: string, ctx: CommandContext): ComposerInput {
  if (!text.startsWith('/') || /^\/me\s/u.test(text)) return { kind: 'text', body: text };
  if (text.startsWith('//')) return { kind: 'text', body: text.slice(1) };
  const match = /^\/(\S+)(\s*)([\s\S]*)$/u.exec(text);
  const typed = match?.[1]?.toLowerCase() ?? '';
  // "/usr/bin is full", "/o\\": no command word, so the text is a message.
  if (!/^[a-z]+$/u.test(typed)) return { kind: 'text', body: text };
  const spec = commandNamed(typed);
  if (!spec) {
    const near = closestCommand(typed, ctx.inRoom);
    return error(
      near
        ? t('There is no command /{{name}}. Did you mean /{{near}}? Type // to send it as text.', {
            name: typed,
            near,
          })
        : t('There is no command /{{name}}. Type /help for the list, or // to send it as text.', {
            name: typed,
          }),
    );
  }
  if (spec.roomOnly && !ctx.inRoom) {
    return error(t('/{{name}} works only in a group chat.', { name: spec.name }));
  }
  const args = (match?.[3] ?? '').trimEnd();
  return parseArgs(spec, args, tokenize(args), ctx);
}

function parseArgs(
  spec: CommandSpec,
  args: string,
  tokens: Token[],
  ctx: CommandContext,
): ComposerInput {
  const missing = () => error(t('Something is missing. Usage: {{usage}}', { usage: spec.usage() }));
  const notAddress = (jid: string) =>
    error(
      t('“{{jid}}” is not an address like name@server. Usage: {{usage}}', {
        jid,
        usage: spec.usage(),
      }),
    );
  const wrongChoice = (word: string) =>
    error(
      t('/{{name}} has no “{{word}}”. Usage: {{usage}}', {
        name: spec.name,
        word,
        usage: spec.usage(),
      }),
    );
  const first = tokens[0]?.text;
  // An address left out means the open conversation's (a one-to-one chat or the room).
  const jidOr = (given: string | undefined): string | undefined => given ?? (ctx.peer || undefined);
  switch (spec.name) {
    case 'help':
      return { kind: 'help', message: helpText(ctx.inRoom, first) };
    case 'roster': {
      if (!first) return missing();
      if (first !== 'add' && first !== 'remove') return wrongChoice(first);
      const jid = tokens[1]?.text ?? (ctx.inRoom ? undefined : jidOr(undefined));
      if (!jid) return missing();
      if (!isBareAddress(jid)) return notAddress(jid);
      return first === 'add'
        ? command({ kind: 'roster-add', jid, name: unquote(restAfter(args, tokens, 2)) })
        : command({ kind: 'roster-remove', jid });
    }
    case 'msg': {
      if (!first) return missing();
      if (ctx.inRoom && !isBareAddress(first)) {
        const [nick, body] = nickThenRest(args, tokens, ctx);
        return room({ kind: 'msg', nick, body });
      }
      if (!isBareAddress(first)) return notAddress(first);
      return command({ kind: 'msg', jid: first, body: restAfter(args, tokens, 1) });
    }
    case 'join': {
      if (!first) return missing();
      const slash = first.indexOf('/');
      const address = slash < 0 ? first : first.slice(0, slash);
      const nick = slash < 0 ? null : first.slice(slash + 1) || null;
      if (!isBareAddress(address)) return notAddress(address);
      return command({ kind: 'join', room: address, nick, password: tokens[1]?.text ?? null });
    }
    case 'omemo': {
      if (!first) return missing();
      const action = OMEMO_ACTIONS.find((a) => a === first);
      if (!action) return wrongChoice(first);
      const jid = jidOr(tokens[1]?.text);
      if (!jid) return missing();
      return isBareAddress(jid) ? command({ kind: 'omemo', action, jid }) : notAddress(jid);
    }
    case 'sendfile': {
      // "/sendfile bob@server ~/a b.txt", "/sendfile ~/a.txt", "/sendfile": the address is
      // the first word only when it is one; the path is the rest, spaces and all.
      const addressed = first !== undefined && isBareAddress(first);
      const jid = jidOr(addressed ? first : undefined);
      if (!jid) return missing();
      if (!isBareAddress(jid)) return notAddress(jid);
      const path = unquote(addressed ? restAfter(args, tokens, 1) : args.trim());
      return command({ kind: 'sendfile', jid, path: path || null });
    }
    case 'status': {
      const show = SHOWS.find((s) => s === first?.toLowerCase()) ?? null;
      const message = unquote(show ? restAfter(args, tokens, 1) : args.trim());
      return command({ kind: 'status', show, message });
    }
    case 'away':
      return command({ kind: 'status', show: 'away', message: unquote(args.trim()) });
    case 'nick':
      return args.trim() ? room({ kind: 'nick', nick: unquote(args.trim()) }) : missing();
    case 'topic':
      return args.trim() ? room({ kind: 'topic', subject: args.trim() }) : missing();
    case 'part':
      return room({ kind: 'part' });
    case 'invite': {
      if (!first) return missing();
      if (!isBareAddress(first)) return notAddress(first);
      return room({ kind: 'invite', jid: first, reason: restAfter(args, tokens, 1) });
    }
    default: {
      // kick, ban: the longest present nick (spaces and all), or a quoted one, then a reason.
      const [nick, reason] = nickThenRest(args, tokens, ctx);
      if (!nick) return missing();
      return room({ kind: spec.name as 'kick' | 'ban', nick, reason });
    }
  }
}

/** A nick (quoted, or the longest present one, spaces and all), then the rest as typed. */
function nickThenRest(args: string, tokens: Token[], ctx: CommandContext): [string, string] {
  if (tokens[0]?.quoted) return [tokens[0].text, restAfter(args, tokens, 1)];
  return splitNick(args.trim(), ctx.nicks ?? []);
}
