import type { CSSProperties } from 'react';
import { consistentTextColors } from '../../ui/consistent-color';

/** A fingerprint (64 hex digits) in the 8 groups of 8 users compare, as Conversations and Dino show it. */
export function fingerprintGroups(hex: string): string[] {
  return Array.from({ length: 8 }, (_, i) => hex.slice(i * 8, i * 8 + 8));
}

/**
 * Each group's colour (XEP-0392 hue of the group's text, as Dino colours them): two keys that
 * differ somewhere look different at a glance; the digits stay what is compared. The lightness
 * is clamped per hue and theme to WCAG AA (a fixed 28% was unreadable in the dark theme).
 */
export function groupStyle(group: string): CSSProperties {
  const { light, dark } = consistentTextColors(group);
  return { '--nick-light': light, '--nick-dark': dark } as CSSProperties;
}
