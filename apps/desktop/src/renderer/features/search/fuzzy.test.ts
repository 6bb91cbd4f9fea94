import { describe, expect, it } from 'vitest';
import { fuzzyFilter, fuzzyScore } from './fuzzy';

const c = (label: string, detail = '') => ({ id: label, label, detail });

describe('fuzzy filter', () => {
  it('needs the letters in order, ignoring case and accents', () => {
    expect(fuzzyScore('bb', 'Bob')).not.toBeNull();
    expect(fuzzyScore('bob', 'obb')).toBeNull();
    expect(fuzzyScore('zoe', 'Zoë')).not.toBeNull();
  });

  it('ranks word starts and runs first, then shorter names', () => {
    const list = [c('Jacob'), c('Bobby Tables'), c('Bob'), c('Lunch room'), c('Alice')];
    expect(fuzzyFilter('cb', list).map((x) => x.label)).toEqual(['Jacob']);
    expect(fuzzyFilter('bo', list).map((x) => x.label)).toEqual(['Bob', 'Bobby Tables']);
    expect(fuzzyFilter('lr', list).map((x) => x.label)).toEqual(['Lunch room']);
  });

  it('matches the address too, and keeps the order for an empty query', () => {
    const list = [c('Work', 'team@conference.example.org'), c('Mum', 'mother@example.org')];
    expect(fuzzyFilter('mother', list).map((x) => x.label)).toEqual(['Mum']);
    expect(fuzzyFilter('', list).map((x) => x.label)).toEqual(['Work', 'Mum']);
  });
});
