import { beforeAll, describe, expect, it } from 'vitest';
import { loadEmojiIndex } from './emoji-data';
import type { EmojiIndex } from './emoji-index';

let index: EmojiIndex;
beforeAll(async () => {
  index = await loadEmojiIndex();
});

/** The code points our bundled emoji font's @font-face rules cover (their unicode-range). */
function bundledFontRanges(): [number, number][] {
  // Read from the installed package under Node (the renderer's types do not include Node's).
  const { process } = globalThis as unknown as {
    process: {
      getBuiltinModule(name: 'node:fs'): { readFileSync(path: URL, enc: 'utf8'): string };
    };
  };
  const fontCss = process
    .getBuiltinModule('node:fs')
    .readFileSync(new URL('./emoji-font.css', import.meta.url), 'utf8');
  const ranges: [number, number][] = [];
  for (const match of fontCss.matchAll(/unicode-range:([^;]+);/gu)) {
    for (const range of match[1]!.split(',')) {
      const [from, to] = range.trim().slice(2).split('-');
      ranges.push([parseInt(from!, 16), parseInt(to ?? from!, 16)]);
    }
  }
  return ranges;
}

describe('emoji index', () => {
  it('groups the emoji without the skin-tone components', () => {
    expect(index.groups.map((g) => g.label)).toEqual([
      'smileys & emotion',
      'people & body',
      'animals & nature',
      'food & drink',
      'travel & places',
      'activities',
      'objects',
      'symbols',
      'flags',
    ]);
    expect(index.byGroup(0)[0]?.emoji).toBe('😀');
    expect(index.byGroup(2)).toEqual([]);
  });

  it('completes shortcodes by prefix, shortest first', () => {
    const smi = index.completeShortcode('smi', 8);
    expect(smi.length).toBe(8);
    expect(smi[0]?.emoji).toBe('😄');
    expect(smi.every((e) => e.shortcodes.some((c) => c.startsWith('smi')))).toBe(true);
    expect(index.completeShortcode('+1', 3)[0]?.emoji).toMatch(/^👍/u);
    expect(index.completeShortcode('THUMBSUP', 3)[0]?.emoji).toMatch(/^👍/u);
    expect(index.completeShortcode('no_such_emoji_at_all', 5)).toEqual([]);
  });

  it('searches shortcodes, names and tags', () => {
    expect(index.search('heart', 50).map((e) => e.emoji)).toContain('❤️');
    expect(index.search('pizza', 5)[0]?.emoji).toBe('🍕');
    expect(index.search('thumbs up', 5)[0]?.emoji).toMatch(/^👍/u);
    expect(index.search('   ', 5)).toEqual([]);
  });

  it('offers only emoji the bundled font can draw', () => {
    const ranges = bundledFontRanges();
    expect(ranges.length).toBeGreaterThan(5);
    const covered = (cp: number) => ranges.some(([a, b]) => cp >= a && cp <= b);
    const missing: string[] = [];
    for (const group of index.groups) {
      for (const entry of index.byGroup(group.index)) {
        const points = [...entry.emoji].map((c) => c.codePointAt(0)!);
        if (!points.every(covered)) missing.push(entry.emoji);
      }
    }
    expect(missing).toEqual([]);
  });
});
