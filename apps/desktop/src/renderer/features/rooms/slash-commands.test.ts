import { describe, expect, it } from 'vitest';
import { parseComposerInput, splitNick, subjectRefusal } from './slash-commands';

const nicks = ['Eve', 'John Smith', 'John'];
const inRoom = (text: string) => parseComposerInput(text, true, nicks);

describe('composer commands', () => {
  it('leaves messages, /me actions, paths and // escapes as text', () => {
    expect(inRoom('hello')).toEqual({ kind: 'text', body: 'hello' });
    expect(inRoom('/me waves')).toEqual({ kind: 'text', body: '/me waves' });
    expect(inRoom('/usr/bin is full')).toEqual({ kind: 'text', body: '/usr/bin is full' });
    expect(inRoom('//nick is a command')).toEqual({ kind: 'text', body: '/nick is a command' });
  });

  it('reads room commands and their aliases', () => {
    expect(inRoom('/nick Neo')).toEqual({
      kind: 'command',
      command: { kind: 'nick', nick: 'Neo' },
    });
    expect(inRoom('/TOPIC Tea at five')).toEqual({
      kind: 'command',
      command: { kind: 'topic', subject: 'Tea at five' },
    });
    expect(inRoom('/subject x')).toMatchObject({ command: { kind: 'topic', subject: 'x' } });
    expect(inRoom('/leave')).toEqual({ kind: 'command', command: { kind: 'part' } });
    expect(inRoom('/invite ann@example.org come and see')).toEqual({
      kind: 'command',
      command: { kind: 'invite', jid: 'ann@example.org', reason: 'come and see' },
    });
    expect(inRoom('/join tea@conference.example.org')).toEqual({
      kind: 'command',
      command: { kind: 'join', room: 'tea@conference.example.org' },
    });
  });

  it('takes the longest present nick, spaces and all, before a reason', () => {
    expect(inRoom('/kick John Smith flooding')).toEqual({
      kind: 'command',
      command: { kind: 'kick', nick: 'John Smith', reason: 'flooding' },
    });
    expect(inRoom('/ban John')).toEqual({
      kind: 'command',
      command: { kind: 'ban', nick: 'John', reason: '' },
    });
    expect(inRoom('/msg Eve see you at five')).toEqual({
      kind: 'command',
      command: { kind: 'msg', nick: 'Eve', body: 'see you at five' },
    });
    expect(splitNick('Zed says hi', nicks)).toEqual(['Zed', 'says hi']);
  });

  it('says what is wrong instead of sending it', () => {
    expect(inRoom('/nick')).toEqual({ kind: 'error', message: 'Usage: /nick new-nickname' });
    expect(inRoom('/msg Eve')).toMatchObject({
      kind: 'error',
      message: 'Usage: /msg nickname text',
    });
    expect(inRoom('/invite not-an-address')).toMatchObject({ kind: 'error' });
    expect(inRoom('/nik Neo')).toMatchObject({
      kind: 'error',
      message: expect.stringMatching(/no command \/nik/),
    });
    // Room commands are not offered in a one-to-one chat; /join is.
    expect(parseComposerInput('/kick Eve', false)).toMatchObject({
      kind: 'error',
      message: expect.stringMatching(/no command \/kick here/),
    });
    expect(parseComposerInput('/join a@b.c', false)).toMatchObject({ kind: 'command' });
    expect(parseComposerInput('/help', false)).toMatchObject({
      kind: 'help',
      message: expect.not.stringMatching(/\/kick/),
    });
    expect(inRoom('/help')).toMatchObject({
      kind: 'help',
      message: expect.stringMatching(/\/kick/),
    });
  });
});

describe('subjectRefusal', () => {
  it('says why the subject cannot be changed, or nothing when it can', () => {
    expect(subjectRefusal({ state: 'joined', canSetSubject: true, ownRole: 'moderator' })).toBe(
      null,
    );
    expect(subjectRefusal({ state: 'joined', canSetSubject: false, ownRole: 'participant' })).toBe(
      'Only moderators may change the subject here.',
    );
    expect(subjectRefusal({ state: 'joined', canSetSubject: false, ownRole: 'visitor' })).toMatch(
      /no voice/,
    );
    expect(subjectRefusal({ state: 'left', canSetSubject: false, ownRole: 'none' })).toMatch(
      /Join the room/,
    );
    expect(subjectRefusal(undefined)).toMatch(/Join the room/);
  });
});
