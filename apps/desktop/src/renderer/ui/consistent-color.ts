import { contrastRatio, hexToRgb, hslToRgb, type Rgb } from './contrast';
import { sha1 } from './sha1';

const encoder = new TextEncoder();
const cache = new Map<string, number>();

/**
 * XEP-0392 §5.1 hue angle: SHA-1 of the UTF-8 input, the first two bytes read as a
 * little-endian 16-bit number, divided by 65536, times 360.
 */
export function consistentHue(input: string): number {
  const cached = cache.get(input);
  if (cached !== undefined) return cached;
  const digest = sha1(encoder.encode(input));
  const value = (digest[0] ?? 0) | ((digest[1] ?? 0) << 8);
  const hue = (value / 65536) * 360;
  if (cache.size > 20_000) cache.clear();
  cache.set(input, hue);
  return hue;
}

/** WCAG AA for normal text. */
export const MIN_TEXT_CONTRAST = 4.5;
/** What we aim for: a little above AA, so browsers' 8-bit rounding cannot drop us under it. */
const TARGET_CONTRAST = 4.6;

export type ThemeName = 'light' | 'dark';

/**
 * The surfaces nick-coloured text is drawn on in each theme (page, sidebar, bubbles, selected
 * and hovered rows, dialogs, mention highlight): a copy of the values in styles.css' :root blocks, kept here
 * because the colour has to be computed, and checked by consistent-color.test.ts.
 */
export const THEME_SURFACES: Record<ThemeName, readonly string[]> = {
  light: ['#ffffff', '#f5f6f8', '#f0f2f5', '#dde8fd', '#e4ecfd', '#e7e9ec', '#fff1dc'],
  dark: [
    ...['#1a1c20', '#212328', '#16181b', '#272a30', '#2a2d33', '#2b3e63', '#2b3a5a', '#34363b'],
    '#4a3415',
  ],
};

const surfaceCache: Partial<Record<ThemeName, Rgb[]>> = {};
const surfacesOf = (theme: ThemeName): Rgb[] =>
  (surfaceCache[theme] ??= THEME_SURFACES[theme].map(hexToRgb));

const worstContrast = (colour: Rgb, surfaces: readonly Rgb[]): number =>
  Math.min(...surfaces.map((s) => contrastRatio(colour, s)));

/**
 * The lightness (in whole percent) for `hue` at `saturation` that reads at `minRatio` or more
 * on every surface in `surfaces`, starting from `preferred` and moving away from the surfaces
 * (darker on light ones, lighter on dark ones) only as far as needed: a hue keeps the shade
 * the theme prefers unless it is one of the bright ones (yellow, green, cyan) that
 * fixed-lightness HSL leaves unreadable.
 */
export function readableLightness(
  hue: number,
  saturation: number,
  surfaces: readonly Rgb[],
  preferred: number,
  direction: 'darker' | 'lighter',
  minRatio = TARGET_CONTRAST,
): number {
  const step = direction === 'darker' ? -1 : 1;
  // Bounded: at most 100 steps, and black or white always clear 4.5:1 on our surfaces.
  for (let l = preferred; l >= 0 && l <= 100; l += step) {
    if (worstContrast(hslToRgb(hue, saturation, l), surfaces) >= minRatio) return l;
  }
  return direction === 'darker' ? 0 : 100;
}

const NICK_SATURATION = 65;
const NICK_PREFERRED: Record<ThemeName, number> = { light: 40, dark: 70 };
const nickCache = new Map<string, Record<ThemeName, string>>();

/**
 * XEP-0392 text colours for `input` in both themes, each at WCAG AA (4.5:1) on that theme's
 * surfaces: the hue is the XEP's, the lightness clamped per hue (the XEP allows adjusting
 * lightness for contrast, §5.4).
 */
export function consistentTextColors(input: string): Record<ThemeName, string> {
  const cached = nickCache.get(input);
  if (cached) return cached;
  // Rounded first: the colour is checked exactly as CSS will draw it.
  const hue = Number(consistentHue(input).toFixed(1));
  const colour = (theme: ThemeName): string => {
    const l = readableLightness(
      hue,
      NICK_SATURATION,
      surfacesOf(theme),
      NICK_PREFERRED[theme],
      theme === 'light' ? 'darker' : 'lighter',
    );
    return `hsl(${hue.toFixed(1)} ${NICK_SATURATION}% ${l}%)`;
  };
  const colours = { light: colour('light'), dark: colour('dark') };
  if (nickCache.size > 10_000) nickCache.clear();
  nickCache.set(input, colours);
  return colours;
}

const WHITE: Rgb[] = [[255, 255, 255]];
const AVATAR_SATURATION = 55;

/**
 * A background for white initials (the same in both themes): the XEP-0392 hue, darkened per
 * hue until white text on it reads at 4.5:1 (yellow at the old fixed 45% lightness gave 2.3:1).
 */
export function consistentColor(input: string): string {
  const hue = Number(consistentHue(input).toFixed(1));
  const l = readableLightness(hue, AVATAR_SATURATION, WHITE, 45, 'darker');
  return `hsl(${hue.toFixed(1)} ${AVATAR_SATURATION}% ${l}%)`;
}
