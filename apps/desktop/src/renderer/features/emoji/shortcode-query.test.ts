import { describe, expect, it } from 'vitest';
import { parseStoredRecent, RECENT_LIMIT, useRecentEmoji } from './recent-emoji';
import { insertAt, insertCompletion, shortcodeAt } from './shortcode-query';

describe('shortcodeAt', () => {
  it('finds a shortcode being typed at the caret', () => {
    expect(shortcodeAt(':smi', 4)).toEqual({ start: 0, query: 'smi' });
    expect(shortcodeAt('hello :+1', 9)).toEqual({ start: 6, query: '+1' });
    expect(shortcodeAt('a\n(:thumbs more', 10)).toEqual({ start: 3, query: 'thumbs' });
  });

  it('ignores times, URLs, a single letter and a finished word', () => {
    expect(shortcodeAt('at 10:30', 8)).toBeNull();
    expect(shortcodeAt('http://x', 8)).toBeNull();
    expect(shortcodeAt('a :s', 4)).toBeNull();
    expect(shortcodeAt(':smile ', 7)).toBeNull();
    expect(shortcodeAt('', 0)).toBeNull();
  });

  it('replaces the typed shortcode and puts the caret after the emoji', () => {
    const text = 'hi :smi there';
    const query = shortcodeAt(text, 7)!;
    expect(insertCompletion(text, query, 7, '😄')).toEqual({ text: 'hi 😄 there', caret: 5 });
    expect(insertAt('ab', 1, 1, '🎉')).toEqual({ text: 'a🎉b', caret: 3 });
    expect(insertAt('abc', 0, 3, '🎉')).toEqual({ text: '🎉', caret: 2 });
  });
});

describe('recent emoji', () => {
  it('keeps the most recent first, once each, bounded', () => {
    for (let i = 0; i < RECENT_LIMIT + 5; i += 1) useRecentEmoji.getState().use(String(i));
    useRecentEmoji.getState().use('3');
    const { recent } = useRecentEmoji.getState();
    expect(recent).toHaveLength(RECENT_LIMIT);
    expect(recent[0]).toBe('3');
    expect(recent.filter((e) => e === '3')).toHaveLength(1);
  });

  it('drops stored data that is not a list of short strings', () => {
    expect(parseStoredRecent(null)).toEqual([]);
    expect(parseStoredRecent('not json')).toEqual([]);
    expect(parseStoredRecent('{"a":1}')).toEqual([]);
    expect(parseStoredRecent(JSON.stringify(['😀', 5, '', 'x'.repeat(100), '🎉']))).toEqual([
      '😀',
      '🎉',
    ]);
  });
});
