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

/** A background for white initials, readable in both themes (HSL approximation of HSLuv). */
export function consistentColor(input: string): string {
  return `hsl(${consistentHue(input).toFixed(1)} 55% 45%)`;
}
