import { describe, expect, it } from 'vitest';
import { completeNick, completionCandidates, type NickCompletion } from './nick-completion';

const nicks = ['Bob', 'bella', 'Ann', 'Me', 'Bo'];

function tab(text: string, caret = text.length, previous: NickCompletion | null = null) {
  return completeNick(text, caret, nicks, 'Me', previous);
}

describe('Tab completion of nicks', () => {
  it('addresses someone at the start with "Nick: ", case-insensitively', () => {
    expect(tab('an')).toMatchObject({ text: 'Ann: ', caret: 5 });
    expect(tab('  BE')).toMatchObject({ text: '  bella: ' });
  });

  it('completes inside a sentence with a space, and keeps the text after the caret', () => {
    const r = tab('thanks an and see you', 9)!;
    expect(r.text).toBe('thanks Ann and see you');
    expect(r.caret).toBe('thanks Ann'.length);
    expect(tab('hi @an')).toMatchObject({ text: 'hi @Ann ' });
    expect(tab('@an')).toMatchObject({ text: '@Ann ' });
  });

  it('cycles through the matches in the given order, Tab after Tab', () => {
    const first = tab('b')!;
    expect(first.text).toBe('Bob: ');
    const second = tab(first.text, first.caret, first)!;
    expect(second.text).toBe('bella: ');
    const third = tab(second.text, second.caret, second)!;
    expect(third.text).toBe('Bo: ');
    expect(tab(third.text, third.caret, third)!.text).toBe('Bob: ');
  });

  it('starts afresh once the text was edited after a completion', () => {
    const first = tab('b')!;
    expect(tab('Bob: a', 6, first)).toMatchObject({ text: 'Bob: Ann ' });
  });

  it('leaves Tab alone when there is nothing to complete', () => {
    expect(tab('')).toBeNull();
    expect(tab('hello ')).toBeNull();
    expect(tab('zed')).toBeNull();
    expect(tab('m')).toBeNull(); // only ourselves
    const only = tab('an')!;
    expect(tab(only.text, only.caret, only)).toBeNull();
  });
});

describe('completion candidates', () => {
  it('puts recent speakers still present first, then the others alphabetically', () => {
    expect(
      completionCandidates(['Cy', 'Ann', 'Bob', 'Dee'], ['Bob', null, 'Gone', 'Dee', 'Bob']),
    ).toEqual(['Bob', 'Dee', 'Ann', 'Cy']);
  });
});
