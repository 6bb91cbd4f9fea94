import { describe, expect, it } from 'vitest';
import { closestCommand, parseComposerInput, type CommandContext } from './parse';

const nicks = ['Eve', 'John Smith', 'John'];
const room: CommandContext = { inRoom: true, peer: 'tea@conference.example.org', nicks };
const chat: CommandContext = { inRoom: false, peer: 'bob@example.org' };
const inRoom = (text: string) => parseComposerInput(text, room);
const inChat = (text: string) => parseComposerInput(text, chat);

describe('composer commands: text', () => {
  it('leaves messages, /me actions, paths and // escapes as text', () => {
    expect(inChat('hello')).toEqual({ kind: 'text', body: 'hello' });
    expect(inChat('/me waves')).toEqual({ kind: 'text', body: '/me waves' });
    expect(inRoom('/me waves')).toEqual({ kind: 'text', body: '/me waves' });
    expect(inChat('/usr/bin is full')).toEqual({ kind: 'text', body: '/usr/bin is full' });
    expect(inChat('//roster is a word')).toEqual({ kind: 'text', body: '/roster is a word' });
    expect(inRoom('//nick is a command')).toEqual({ kind: 'text', body: '/nick is a command' });
  });
});

describe('composer commands: everywhere', () => {
  it('/roster add and remove, a name in quotes, the open chat by default', () => {
    expect(inChat('/roster add bob@example.org "Bob the Builder"')).toEqual({
      kind: 'command',
      command: { kind: 'roster-add', jid: 'bob@example.org', name: 'Bob the Builder' },
    });
    expect(inChat('/roster add ann@example.org Ann Other')).toMatchObject({
      command: { kind: 'roster-add', jid: 'ann@example.org', name: 'Ann Other' },
    });
    expect(inChat('/roster add ann@example.org')).toMatchObject({ command: { name: '' } });
    expect(inChat('/roster remove')).toEqual({
      kind: 'command',
      command: { kind: 'roster-remove', jid: 'bob@example.org' },
    });
    // A room is no contact: the address must be given there.
    expect(inRoom('/roster add')).toMatchObject({ kind: 'error', message: /missing/ });
  });

  it('/msg: the address, then the text exactly as typed', () => {
    expect(inChat('/msg ann@example.org Hey,  are you around?\nsecond line')).toEqual({
      kind: 'command',
      command: {
        kind: 'msg',
        jid: 'ann@example.org',
        body: 'Hey,  are you around?\nsecond line',
      },
    });
    expect(inChat('/msg ann@example.org')).toMatchObject({ command: { kind: 'msg', body: '' } });
    expect(inChat('/query ann@example.org hi')).toMatchObject({ command: { kind: 'msg' } });
  });

  it('/msg in a room: an occupant (spaces or quotes), or an address', () => {
    expect(inRoom('/msg John Smith see you at five')).toEqual({
      kind: 'command',
      command: {
        kind: 'room',
        command: { kind: 'msg', nick: 'John Smith', body: 'see you at five' },
      },
    });
    expect(inRoom('/msg "Zed Q" hi')).toMatchObject({
      command: { command: { kind: 'msg', nick: 'Zed Q', body: 'hi' } },
    });
    expect(inRoom('/msg Eve')).toMatchObject({ command: { command: { nick: 'Eve', body: '' } } });
    expect(inRoom('/msg ann@example.org hi')).toMatchObject({
      command: { kind: 'msg', jid: 'ann@example.org', body: 'hi' },
    });
  });

  it('/join ROOM[/nick] [password]', () => {
    expect(inChat('/join tea@conference.example.org')).toEqual({
      kind: 'command',
      command: { kind: 'join', room: 'tea@conference.example.org', nick: null, password: null },
    });
    expect(inChat('/join tea@conference.example.org/Neo s3cret')).toMatchObject({
      command: { room: 'tea@conference.example.org', nick: 'Neo', password: 's3cret' },
    });
    expect(inChat('/join "tea@conference.example.org/John Smith"')).toMatchObject({
      command: { nick: 'John Smith', password: null },
    });
    expect(inChat('/join tea')).toMatchObject({ kind: 'error', message: /not an address/ });
  });

  it('/omemo enable|disable|fingerprint [JID]', () => {
    expect(inChat('/omemo enable')).toEqual({
      kind: 'command',
      command: { kind: 'omemo', action: 'enable', jid: 'bob@example.org' },
    });
    expect(inChat('/omemo disable ann@example.org')).toMatchObject({
      command: { action: 'disable', jid: 'ann@example.org' },
    });
    expect(inRoom('/omemo fingerprint')).toMatchObject({
      command: { action: 'fingerprint', jid: 'tea@conference.example.org' },
    });
    expect(inChat('/omemo on')).toMatchObject({ kind: 'error', message: /no “on”/ });
    expect(inChat('/omemo')).toMatchObject({ kind: 'error', message: /missing/ });
  });

  it('/sendfile [JID] [path], a path with spaces as typed', () => {
    expect(inChat('/sendfile')).toEqual({
      kind: 'command',
      command: { kind: 'sendfile', jid: 'bob@example.org', path: null },
    });
    expect(inChat('/sendfile ann@example.org /tmp/my file.txt')).toMatchObject({
      command: { jid: 'ann@example.org', path: '/tmp/my file.txt' },
    });
    expect(inChat('/sendfile "~/a b.pdf"')).toMatchObject({
      command: { jid: 'bob@example.org', path: '~/a b.pdf' },
    });
  });

  it('/status [show] [message] and /away [message]', () => {
    expect(inChat('/status dnd In a meeting')).toEqual({
      kind: 'command',
      command: { kind: 'status', show: 'dnd', message: 'In a meeting' },
    });
    expect(inChat('/status Back at five')).toMatchObject({
      command: { show: null, message: 'Back at five' },
    });
    expect(inChat('/away lunch')).toMatchObject({ command: { show: 'away', message: 'lunch' } });
    expect(inChat('/away')).toMatchObject({ command: { show: 'away', message: '' } });
  });
});

describe('composer commands: rooms', () => {
  it('reads room commands and their aliases', () => {
    expect(inRoom('/nick Neo')).toEqual({
      kind: 'command',
      command: { kind: 'room', command: { kind: 'nick', nick: 'Neo' } },
    });
    expect(inRoom('/TOPIC Tea at five')).toMatchObject({
      command: { command: { kind: 'topic', subject: 'Tea at five' } },
    });
    expect(inRoom('/subject x')).toMatchObject({ command: { command: { kind: 'topic' } } });
    expect(inRoom('/leave')).toMatchObject({ command: { command: { kind: 'part' } } });
    expect(inRoom('/invite ann@example.org come and see')).toMatchObject({
      command: { command: { kind: 'invite', jid: 'ann@example.org', reason: 'come and see' } },
    });
  });

  it('takes the longest present nick, or a quoted one, before a reason', () => {
    expect(inRoom('/kick John Smith flooding')).toMatchObject({
      command: { command: { kind: 'kick', nick: 'John Smith', reason: 'flooding' } },
    });
    expect(inRoom('/ban "Zed Q" spam')).toMatchObject({
      command: { command: { kind: 'ban', nick: 'Zed Q', reason: 'spam' } },
    });
  });
});

describe('composer commands: mistakes in words', () => {
  it('an unknown command, with the nearest one', () => {
    expect(inRoom('/nik Neo')).toEqual({
      kind: 'error',
      message: 'There is no command /nik. Did you mean /nick? Type // to send it as text.',
    });
    expect(inChat('/rooster add a@b.c')).toMatchObject({ message: /Did you mean \/roster\?/ });
    expect(inChat('/frobnicate')).toMatchObject({ message: /Type \/help for the list/ });
    expect(closestCommand('ms', false)).toBe('msg');
    expect(closestCommand('zzzzzz', false)).toBeNull();
  });

  it('a missing argument, an invalid address, a room command outside a room', () => {
    expect(inRoom('/nick')).toEqual({
      kind: 'error',
      message: 'Something is missing. Usage: /nick new-nickname',
    });
    expect(inChat('/msg')).toMatchObject({ kind: 'error', message: /missing/ });
    expect(inChat('/msg bob hi')).toMatchObject({
      kind: 'error',
      message: /“bob” is not an address like name@server/,
    });
    expect(inRoom('/invite not-an-address')).toMatchObject({ kind: 'error' });
    expect(inChat('/kick Eve')).toEqual({
      kind: 'error',
      message: '/kick works only in a group chat.',
    });
  });

  it('/help lists what works here; /help NAME explains one', () => {
    expect(inChat('/help')).toMatchObject({
      kind: 'help',
      message: expect.not.stringMatching(/\/kick/),
    });
    expect(inChat('/help')).toMatchObject({ message: expect.stringMatching(/\/roster add/) });
    expect(inRoom('/help')).toMatchObject({ message: expect.stringMatching(/\/kick/) });
    expect(inChat('/help omemo')).toEqual({
      kind: 'help',
      message:
        '/omemo enable|disable|fingerprint [name@server] — Turn OMEMO encryption on or off, or show the fingerprints',
    });
    expect(inChat('/help /away')).toMatchObject({ message: /^\/away \[message\]/ });
    expect(inChat('/help nope')).toMatchObject({ message: 'There is no command /nope.' });
  });
});

describe('composer commands: no conversation open (the palette)', () => {
  const none: CommandContext = { inRoom: false, peer: '' };
  it('asks for the address a conversation would have given', () => {
    expect(parseComposerInput('/omemo enable', none)).toMatchObject({ message: /missing/ });
    expect(parseComposerInput('/sendfile', none)).toMatchObject({ message: /missing/ });
    expect(parseComposerInput('/roster remove', none)).toMatchObject({ message: /missing/ });
    expect(parseComposerInput('/roster add a@b.c A', none)).toMatchObject({ kind: 'command' });
  });
});
