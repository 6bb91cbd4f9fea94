import { describe, expect, it } from 'vitest';
import { displayNick, MAX_NICK_DISPLAY, mentionsNick, splitOccupantJid } from './nick';

describe('displayNick', () => {
  it('keeps an ordinary nick as it is', () => {
    expect(displayNick('Alice')).toBe('Alice');
    expect(displayNick('Zoë 🦊')).toBe('Zoë 🦊');
    expect(displayNick('مریم')).toBe('مریم');
    expect(displayNick('👩‍💻 dev')).toBe('👩‍💻 dev');
  });

  it('drops bidi overrides, embeddings, isolates and marks', () => {
    expect(displayNick('admin\u202Erotaredom')).toBe('adminrotaredom');
    expect(displayNick('\u202Aa\u202Bb\u202Cc\u202Dd')).toBe('abcd');
    expect(displayNick('\u2066x\u2067y\u2068z\u2069')).toBe('xyz');
    expect(displayNick('\u200Fbob\u200E\u061C')).toBe('bob');
  });

  it('drops C0 and C1 controls, DEL and zero-width space, and collapses whitespace', () => {
    expect(displayNick('a\u0000b\u0007c\u001Bd\u007Fe\u0085f\u009Fg')).toBe('abcdefg');
    expect(displayNick('line\nbreak\r\n\tand  space')).toBe('line break and space');
    expect(displayNick('zero\u200Bwidth\uFEFF\u2060')).toBe('zerowidth');
    expect(displayNick('  padded  ')).toBe('padded');
  });

  it('never returns an empty string', () => {
    expect(displayNick('\u202E\u0000')).toBe('?');
    expect(displayNick('   ')).toBe('?');
  });

  it('truncates a 10 KB nick to about 64 characters with an ellipsis', () => {
    const shown = displayNick('x'.repeat(10 * 1024));
    expect(shown).toBe(`${'x'.repeat(MAX_NICK_DISPLAY)}…`);
    expect(Array.from(shown)).toHaveLength(MAX_NICK_DISPLAY + 1);
  });

  it('does not split a grapheme when truncating, and cuts stacks of combining marks', () => {
    const family = '👨‍👩‍👧';
    const shown = displayNick(family.repeat(100));
    expect(shown.endsWith(`${family}…`)).toBe(true);
    expect(displayNick(`z${'\u0301'.repeat(50)}`)).toBe(`z${'\u0301'.repeat(3)}`);
  });
});

describe('mentionsNick', () => {
  it('does not take the "/me" of an action for a nick "me" (XEP-0245)', () => {
    expect(mentionsNick('/me waves', 'me')).toBe(false);
    expect(mentionsNick('/me waves at me', 'Me')).toBe(true);
  });

  it('matches the nick as a word, ignoring case', () => {
    expect(mentionsNick('hey Bob, look', 'bob')).toBe(true);
    expect(mentionsNick('bob: hi', 'Bob')).toBe(true);
    expect(mentionsNick('@bob', 'bob')).toBe(true);
    expect(mentionsNick('bobby is here', 'bob')).toBe(false);
    expect(mentionsNick('kebob', 'bob')).toBe(false);
  });

  it('treats regex characters in the nick literally', () => {
    expect(mentionsNick('ping a.b+', 'a.b+')).toBe(true);
    expect(mentionsNick('ping axb', 'a.b')).toBe(false);
    expect(mentionsNick('anything', '')).toBe(false);
  });
});

describe('splitOccupantJid', () => {
  it('splits at the first slash', () => {
    expect(splitOccupantJid('room@conf.example/nick/with/slashes')).toEqual({
      room: 'room@conf.example',
      nick: 'nick/with/slashes',
    });
    expect(splitOccupantJid('room@conf.example')).toBeNull();
    expect(splitOccupantJid('room@conf.example/')).toBeNull();
  });
});
