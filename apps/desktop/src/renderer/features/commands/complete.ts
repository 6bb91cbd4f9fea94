import type { Contact } from '@parley/contract';
import { collator, displayName } from '../../ui/names';
import { MAX_SUGGESTIONS, suggestContacts } from '../rooms/contact-suggestions';
import { commandNamed, commandsHere, type ArgKind } from './registry';
import { tokenize } from './tokens';

/** What completion may offer in this composer. */
export interface CompletionSources {
  inRoom: boolean;
  contacts: readonly Contact[];
  /** Joined and bookmarked rooms' addresses. */
  rooms: readonly string[];
  /** In a room: the occupants' nicks, the one to answer first. */
  nicks: readonly string[];
}

export interface Suggestion {
  /** What goes in place of the word being typed. */
  value: string;
  label: string;
  /** The address or what a command does, shown beside the label. */
  detail: string;
}

/** The word being completed (text[from, to)) and what may replace it. */
export interface Completion {
  from: number;
  to: number;
  suggestions: Suggestion[];
}

const starts = (text: string, prefix: string) =>
  text.toLocaleLowerCase().startsWith(prefix.toLocaleLowerCase());
/** A value with a space goes in quotes, so it stays one argument. */
const quoted = (value: string) => (/\s/u.test(value) ? `"${value.replace(/"/gu, '\\"')}"` : value);

function contactsFor(contacts: readonly Contact[], prefix: string): Suggestion[] {
  const found = prefix
    ? suggestContacts(contacts, prefix)
    : [...contacts]
        .map((c) => ({ jid: c.jid, name: displayName(c.name, c.jid) }))
        .sort((a, b) => collator.compare(a.name, b.name))
        .slice(0, MAX_SUGGESTIONS);
  return found.map((c) => ({ value: c.jid, label: c.name, detail: c.jid }));
}

function suggestionsFor(kind: ArgKind, prefix: string, src: CompletionSources): Suggestion[] {
  if (!kind) return [];
  switch (kind.kind) {
    case 'choice':
      return kind.choices
        .filter((c) => starts(c, prefix) && c !== prefix)
        .map((c) => ({ value: c, label: c, detail: '' }));
    case 'command':
      return commandsHere(src.inRoom)
        .filter((c) => starts(c.name, prefix) && c.name !== prefix)
        .map((c) => ({ value: c.name, label: `/${c.name}`, detail: c.summary() }));
    case 'room':
      return src.rooms
        .filter((r) => starts(r, prefix) && r !== prefix)
        .map((r) => ({ value: r, label: r, detail: '' }));
    case 'contact':
      return contactsFor(src.contacts, prefix);
    case 'nick':
    case 'nick-or-contact': {
      const nicks = src.nicks
        .filter((n) => starts(n, prefix) && n !== prefix)
        .map((n) => ({ value: quoted(n), label: n, detail: '' }));
      return kind.kind === 'nick' ? nicks : [...nicks, ...contactsFor(src.contacts, prefix)];
    }
  }
}

/**
 * What Tab or the list offers for the composer text with the caret at `caret`: command names
 * after "/", then each argument by the command's table entry (sub-commands, contacts, rooms,
 * nicks). Null when the text is no command or nothing fits.
 */
export function completeCommand(
  text: string,
  caret: number,
  src: CompletionSources,
): Completion | null {
  const head = text.slice(0, caret);
  if (!head.startsWith('/') || head.startsWith('//') || head.includes('\n')) return null;
  const word = /^\/(\S*)$/u.exec(head);
  if (word) {
    const prefix = word[1] ?? '';
    const suggestions = commandsHere(src.inRoom)
      .filter((c) => starts(c.name, prefix))
      .map((c) => ({ value: `/${c.name}`, label: `/${c.name}`, detail: c.summary() }));
    return suggestions.length > 0 ? { from: 0, to: caret, suggestions } : null;
  }
  const named = /^\/(\S+)\s/u.exec(head);
  const spec = named ? commandNamed(named[1] ?? '') : undefined;
  if (!named || !spec || (spec.roomOnly && !src.inRoom)) return null;
  const argsFrom = named[0].length;
  const tokens = tokenize(head.slice(argsFrom), argsFrom);
  // The argument the caret ends (an unclosed quote runs to it), or a new one after a space.
  const last = tokens.at(-1);
  const typing = last && last.end === caret ? last : null;
  const index = typing ? tokens.length - 1 : tokens.length;
  const suggestions = suggestionsFor(
    spec.arg(index, tokens[0]?.text),
    typing?.text ?? '',
    src,
  ).slice(0, MAX_SUGGESTIONS);
  if (suggestions.length === 0) return null;
  return { from: typing?.start ?? caret, to: caret, suggestions };
}

/** The text with the word replaced by `suggestion` and a space after it; the caret after that. */
export function applySuggestion(
  text: string,
  completion: Completion,
  suggestion: Suggestion,
): { text: string; caret: number } {
  const after = text.slice(completion.to);
  const head = `${text.slice(0, completion.from)}${suggestion.value}${/^\s/u.test(after) ? '' : ' '}`;
  return { text: head + after, caret: head.length };
}
