import type { Contact } from '@parley/contract';
import { describe, expect, it } from 'vitest';
import { applySuggestion, completeCommand, type CompletionSources } from './complete';

const contact = (jid: string, name: string) => ({ jid, name }) as Contact;
const src: CompletionSources = {
  inRoom: false,
  contacts: [contact('bob@example.org', 'Bob'), contact('ann@example.org', 'Ann Other')],
  rooms: ['tea@conference.example.org', 'dev@conference.example.org'],
  nicks: [],
};
const roomSrc: CompletionSources = { ...src, inRoom: true, nicks: ['Eve', 'John Smith'] };
const values = (text: string, s = src, caret = text.length) =>
  completeCommand(text, caret, s)?.suggestions.map((x) => x.value) ?? null;

describe('completeCommand', () => {
  it('offers the command names that work here', () => {
    expect(values('/ro')).toEqual(['/roster']);
    expect(values('/')).toContain('/omemo');
    expect(values('/')).not.toContain('/kick');
    expect(values('/k', roomSrc)).toEqual(['/kick']);
    expect(values('hello')).toBeNull();
    expect(values('//ro')).toBeNull();
  });

  it('offers sub-commands, then contacts', () => {
    expect(values('/omemo ')).toEqual(['enable', 'disable', 'fingerprint']);
    expect(values('/omemo e')).toEqual(['enable']);
    expect(values('/roster add ')).toEqual(['ann@example.org', 'bob@example.org']);
    expect(values('/roster add bo')).toEqual(['bob@example.org']);
    expect(values('/msg ann')).toEqual(['ann@example.org']);
    expect(values('/status d')).toEqual(['dnd']);
    expect(values('/help om')).toEqual(['omemo']);
  });

  it('offers rooms for /join and nicks in a room, quoting one with a space', () => {
    expect(values('/join te')).toEqual(['tea@conference.example.org']);
    expect(values('/kick J', roomSrc)).toEqual(['"John Smith"']);
    expect(values('/msg ev', roomSrc)).toEqual(['Eve']);
    expect(values('/msg bo', roomSrc)).toEqual(['bob@example.org']);
  });

  it('offers nothing past the arguments a command takes, or for a finished word', () => {
    expect(values('/roster add bob@example.org Bo')).toBeNull();
    expect(values('/omemo enable')).toBeNull();
    expect(values('/kick E')).toBeNull(); // no room here
  });

  it('replaces the word at the caret and adds a space', () => {
    const text = '/roster add bo';
    const done = completeCommand(text, text.length, src);
    expect(done).not.toBeNull();
    expect(applySuggestion(text, done!, done!.suggestions[0]!)).toEqual({
      text: '/roster add bob@example.org ',
      caret: 28,
    });
    const middle = '/om bob@example.org';
    const name = completeCommand(middle, 3, src)!;
    expect(applySuggestion(middle, name, name.suggestions[0]!)).toEqual({
      text: '/omemo bob@example.org',
      caret: 6,
    });
  });
});
