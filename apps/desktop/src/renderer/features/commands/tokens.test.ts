import { describe, expect, it } from 'vitest';
import { restAfter, tokenize, unquote } from './tokens';

describe('tokenize', () => {
  it('splits at spaces, keeps quoted spaces and escaped quotes, with offsets', () => {
    expect(tokenize('add  bob@x "Bob \\"B\\" Builder" tail', 10)).toEqual([
      { text: 'add', start: 10, end: 13, quoted: false },
      { text: 'bob@x', start: 15, end: 20, quoted: false },
      { text: 'Bob "B" Builder', start: 21, end: 40, quoted: true },
      { text: 'tail', start: 41, end: 45, quoted: false },
    ]);
  });

  it('runs an unclosed quote to the end', () => {
    expect(tokenize('"Bob the')).toEqual([{ text: 'Bob the', start: 0, end: 8, quoted: true }]);
  });

  it('gives the rest as typed and drops quotes around a whole rest', () => {
    const text = 'ann@x  Hey,   you ';
    expect(restAfter(text, tokenize(text), 1)).toBe('Hey,   you');
    expect(unquote('"/tmp/a b"')).toBe('/tmp/a b');
    expect(unquote('"a" b')).toBe('"a" b');
  });
});
