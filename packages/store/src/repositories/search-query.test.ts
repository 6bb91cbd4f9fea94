import { describe, expect, it } from 'vitest';
import { MAX_QUERY_WORDS, highlightRanges, parseSearchText } from './search-query.js';

describe('parseSearchText', () => {
  it('quotes every word and makes the last one a prefix', () => {
    expect(parseSearchText('hello world')?.fts).toBe('"hello" "world"*');
  });

  it('turns FTS operators and quotes typed by the user into words or nothing', () => {
    expect(parseSearchText('a NEAR bc')?.fts).toBe('"a" "near" "bc"*');
    expect(parseSearchText('"quoted" -minus* col:x (y) ^zz')?.fts).toBe(
      '"quoted" "minus" "col" "x" "y" "zz"*',
    );
  });

  it('matches a last word of one character whole, not as a prefix', () => {
    expect(parseSearchText('plan b')?.fts).toBe('"plan" "b"');
    expect(parseSearchText('b')?.fts).toBe('"b"');
    const body = 'plan b, then bravo';
    const ranges = highlightRanges(body, parseSearchText('plan b')!);
    expect(ranges.map((r) => body.slice(r.start, r.end))).toEqual(['plan', 'b']);
  });

  it('finds nothing to search in spaces and punctuation', () => {
    expect(parseSearchText('')).toBeNull();
    expect(parseSearchText('  "* - ( ) ')).toBeNull();
  });

  it('folds case and accents like the index does', () => {
    expect(parseSearchText('Crème BRÛLÉE')?.words).toEqual(['creme', 'brulee']);
    expect(parseSearchText('ПРИВЕТ')?.words).toEqual(['привет']);
  });

  it('bounds the number of words', () => {
    const many = Array.from({ length: 100 }, (_, i) => `w${i}`).join(' ');
    expect(parseSearchText(many)?.words).toHaveLength(MAX_QUERY_WORDS);
  });
});

describe('highlightRanges', () => {
  it('marks whole words, the last query word as a prefix, as string offsets', () => {
    const body = 'Crème brûlée, crèmerie and CREME';
    const terms = parseSearchText('creme')!;
    expect(highlightRanges(body, terms).map((r) => body.slice(r.start, r.end))).toEqual([
      'Crème',
      'crèmerie',
      'CREME',
    ]);
    const two = parseSearchText('creme bru')!;
    expect(highlightRanges(body, two).map((r) => body.slice(r.start, r.end))).toEqual([
      'Crème',
      'brûlée',
      'CREME',
    ]);
  });

  it('counts offsets in UTF-16 units past emoji and combining marks', () => {
    const body = '👋🏽 cafe\u0301 ok';
    const [range] = highlightRanges(body, parseSearchText('café')!);
    expect(body.slice(range!.start, range!.end)).toBe('cafe\u0301');
  });
});
