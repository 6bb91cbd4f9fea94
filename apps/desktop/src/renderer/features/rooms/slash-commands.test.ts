import { describe, expect, it } from 'vitest';
import { splitNick, subjectRefusal } from './slash-commands';

describe('splitNick', () => {
  it('takes the longest present nick, spaces and all, else the first word', () => {
    const nicks = ['Eve', 'John Smith', 'John'];
    expect(splitNick('John Smith flooding', nicks)).toEqual(['John Smith', 'flooding']);
    expect(splitNick('John', nicks)).toEqual(['John', '']);
    expect(splitNick('Zed says hi', nicks)).toEqual(['Zed', 'says hi']);
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
