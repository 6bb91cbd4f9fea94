import { consistentHue } from '../../ui/consistent-color';

/** A fingerprint (64 hex digits) in the 8 groups of 8 users compare, as Conversations and Dino show it. */
export function fingerprintGroups(hex: string): string[] {
  return Array.from({ length: 8 }, (_, i) => hex.slice(i * 8, i * 8 + 8));
}

/**
 * Each group's colour (XEP-0392 hue of the group's text, as Dino colours them): two keys that
 * differ somewhere look different at a glance; the digits stay what is compared. Lightness 28%:
 * at 38% yellow and green hues fell under 4.5:1 contrast on the dialog (axe-core, serious).
 */
export function groupColor(group: string): string {
  return `hsl(${consistentHue(group).toFixed(1)} 60% 28%)`;
}
