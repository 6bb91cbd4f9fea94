import { describe, expect, it } from 'vitest';
import {
  consistentColor,
  consistentHue,
  consistentTextColors,
  MIN_TEXT_CONTRAST,
  THEME_SURFACES,
} from './consistent-color';
import { contrastRatio, hexToRgb, hslToRgb } from './contrast';
import { sha1 } from './sha1';

const hex = (bytes: Uint8Array): string =>
  [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');

describe('XEP-0392 consistent colour', () => {
  it('matches the hue angles of the XEP test vectors', () => {
    expect(consistentHue('Romeo')).toBeCloseTo(327.255249, 4);
    expect(consistentHue('juliet@capulet.lit')).toBeCloseTo(209.4104, 3);
    expect(consistentHue('😺')).toBeCloseTo(331.199341, 4);
    expect(consistentHue('council')).toBeCloseTo(359.994507, 4);
  });

  it('computes SHA-1 across block boundaries', () => {
    const enc = new TextEncoder();
    const vectors: [string, string][] = [
      ['', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
      ['abc', 'a9993e364706816aba3e25717850c26c9cd0d89d'],
      ['a'.repeat(55), 'c1c8bbdc22796e28c0e15163d20899b65621d65a'],
      ['a'.repeat(56), 'c2db330f6083854c99d4b5bfb6e8f29f201be699'],
      ['a'.repeat(64), '0098ba824b5c16427bd7a1122a5a442a25ec644d'],
      ['ü€😺'.repeat(40), 'a274f1708ecd716829fa3616235d81d7f74c4cab'],
    ];
    for (const [text, digest] of vectors) expect(hex(sha1(enc.encode(text)))).toBe(digest);
  });
});

/** Parses the CSS Color 4 `hsl(h s% l%)` strings this module returns. */
function parseHsl(css: string): [number, number, number] {
  const m = /^hsl\(([\d.]+) ([\d.]+)% ([\d.]+)%\)$/u.exec(css);
  if (!m) throw new Error(`not hsl(): ${css}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

const names = [
  ...Array.from({ length: 400 }, (_, i) => `user${i}@example.org`),
  ...['Romeo', 'juliet@capulet.lit', '😺', 'council', 'Ανδρέας', 'محمد', 'yellow', 'lime'],
];

describe('colours at WCAG AA', () => {
  it('nick colours reach 4.5:1 on every surface of both themes, for many names', () => {
    let lowest = Infinity;
    for (const name of names) {
      const colours = consistentTextColors(name);
      for (const theme of ['light', 'dark'] as const) {
        const text = hslToRgb(...parseHsl(colours[theme]));
        for (const surface of THEME_SURFACES[theme]) {
          lowest = Math.min(lowest, contrastRatio(text, hexToRgb(surface)));
        }
      }
    }
    expect(lowest).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
  });

  it('keeps the XEP-0392 hue and varies across names (the lightness clamp only shifts shade)', () => {
    const { light, dark } = consistentTextColors('Romeo');
    expect(parseHsl(light)[0]).toBeCloseTo(327.3, 1);
    expect(parseHsl(dark)[0]).toBeCloseTo(327.3, 1);
    const distinct = new Set(names.map((n) => consistentTextColors(n).light));
    expect(distinct.size).toBeGreaterThan(names.length / 2);
  });

  it('white initials reach 4.5:1 on every avatar background', () => {
    let lowest = Infinity;
    for (const name of names) {
      const background = hslToRgb(...parseHsl(consistentColor(name)));
      lowest = Math.min(lowest, contrastRatio([255, 255, 255], background));
    }
    expect(lowest).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
  });

  it('lists the surfaces styles.css gives the nick text in each theme', () => {
    // Read under Node (the renderer's types do not include Node's).
    const { process } = globalThis as unknown as {
      process: {
        getBuiltinModule(name: 'node:fs'): { readFileSync(path: URL, enc: 'utf8'): string };
      };
    };
    const css = process
      .getBuiltinModule('node:fs')
      .readFileSync(new URL('../styles.css', import.meta.url), 'utf8');
    const block = (selector: string): string => {
      const start = css.indexOf(`${selector} {`);
      return css.slice(start, css.indexOf('}', start));
    };
    const value = (body: string, name: string): string =>
      new RegExp(`--${name}: (#[0-9a-f]{6});`, 'u').exec(body)?.[1] ?? `missing --${name}`;
    for (const [theme, selector] of [
      ['light', ':root'],
      ['dark', ":root[data-theme='dark']"],
    ] as const) {
      const body = block(selector);
      for (const name of [
        'bg',
        'bg-sidebar',
        'bg-selected',
        'bg-raised',
        'bubble-in',
        'bubble-out',
      ]) {
        expect(THEME_SURFACES[theme]).toContain(value(body, name));
      }
    }
  });

  it('computes the WCAG contrast ratio of known pairs', () => {
    expect(contrastRatio([0, 0, 0], [255, 255, 255])).toBeCloseTo(21, 5);
    expect(contrastRatio(hexToRgb('#767676'), hexToRgb('#ffffff'))).toBeCloseTo(4.54, 2);
  });
});
