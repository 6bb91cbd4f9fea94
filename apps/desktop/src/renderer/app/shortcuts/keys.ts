/**
 * Key chords as written in the shortcut table ("Mod+Shift+F", "Alt+ArrowDown", "?", "F2") and
 * how a keydown event matches one. "Mod" is Cmd on macOS and Ctrl elsewhere; "Ctrl" is Ctrl on
 * every platform (Ctrl+Tab switches tabs on macOS too).
 */

import { tFor } from '../../i18n';

const t = tFor('shortcuts');

export type Platform = 'mac' | 'other';

export interface Chord {
  /** KeyboardEvent.key, lower-cased when it is one character. */
  key: string;
  ctrl: boolean;
  meta: boolean;
  alt: boolean;
  shift: boolean;
  /**
   * A printable symbol ("?"): which Shift it takes depends on the keyboard layout (Shift+/ on
   * US, Shift+ß on German), so Shift is not compared.
   */
  anyShift: boolean;
}

/** The fields of a KeyboardEvent a chord is matched on. */
export type KeyLike = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>;

const MODIFIERS = new Set(['mod', 'ctrl', 'cmd', 'alt', 'shift']);

export function currentPlatform(): Platform {
  return typeof navigator !== 'undefined' && /mac/i.test(navigator.platform) ? 'mac' : 'other';
}

function normalKey(key: string): string {
  return key.length === 1 ? key.toLowerCase() : key;
}

/** Parses "Mod+Shift+F"; throws on an empty key or an unknown modifier (a typo in the table). */
export function parseChord(spec: string, platform: Platform): Chord {
  // "+" itself as the key: "Ctrl++".
  const parts = spec.endsWith('++') ? [...spec.slice(0, -2).split('+'), '+'] : spec.split('+');
  const key = parts.pop();
  if (!key) throw new Error(`Shortcut "${spec}" has no key`);
  const chord: Chord = {
    key: normalKey(key),
    ctrl: false,
    meta: false,
    alt: false,
    shift: false,
    anyShift: false,
  };
  for (const part of parts) {
    const modifier = part.toLowerCase();
    if (!MODIFIERS.has(modifier)) throw new Error(`Shortcut "${spec}": unknown modifier ${part}`);
    if (modifier === 'mod') chord[platform === 'mac' ? 'meta' : 'ctrl'] = true;
    else if (modifier === 'cmd') chord.meta = true;
    else if (modifier === 'ctrl') chord.ctrl = true;
    else if (modifier === 'alt') chord.alt = true;
    else chord.shift = true;
  }
  chord.anyShift = key.length === 1 && !/[a-z0-9]/i.test(key) && !chord.shift;
  return chord;
}

export function matchesChord(event: KeyLike, chord: Chord): boolean {
  return (
    normalKey(event.key) === chord.key &&
    event.ctrlKey === chord.ctrl &&
    event.metaKey === chord.meta &&
    event.altKey === chord.alt &&
    (chord.anyShift || event.shiftKey === chord.shift)
  );
}

/** One string per chord, equal when two chords are the same keys (for finding conflicts). */
export function chordId(chord: Chord): string {
  return [
    chord.ctrl && 'ctrl',
    chord.meta && 'meta',
    chord.alt && 'alt',
    chord.shift && 'shift',
    chord.key,
  ]
    .filter(Boolean)
    .join('+');
}

/** Key caps as the keyboards of the current language print them ("Strg", "Bild ↓"). */
function keyName(key: string): string | undefined {
  const names: Record<string, string> = {
    ArrowUp: '↑',
    ArrowDown: '↓',
    ArrowLeft: '←',
    ArrowRight: '→',
    Escape: t('Esc'),
    PageUp: t('Page Up'),
    PageDown: t('Page Down'),
    ContextMenu: t('Menu'),
    ' ': t('Space'),
  };
  return names[key];
}

/** The key caps to show for a chord: ["Ctrl", "Shift", "F"] or, on macOS, ["⌘", "⇧", "F"]. */
export function chordLabel(spec: string, platform: Platform): string[] {
  const chord = parseChord(spec, platform);
  const mac = platform === 'mac';
  const caps: string[] = [];
  if (chord.ctrl) caps.push(mac ? '⌃' : t('Ctrl'));
  if (chord.alt) caps.push(mac ? '⌥' : t('Alt'));
  if (chord.shift) caps.push(mac ? '⇧' : t('Shift'));
  if (chord.meta) caps.push(mac ? '⌘' : t('Meta'));
  const key = keyName(chord.key) ?? chord.key;
  caps.push(key.length === 1 ? key.toUpperCase() : key);
  return caps;
}

const TEXT_INPUT_TYPES = new Set([
  'text',
  'search',
  'email',
  'password',
  'url',
  'tel',
  'number',
  'date',
  'datetime-local',
  'month',
  'time',
  'week',
]);

/** The focus is where keys type text: plain letters and arrows belong to the field. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).tagName !== 'string') return false;
  const element = target as HTMLElement;
  const tag = element.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select') return true;
  if (tag === 'input') return TEXT_INPUT_TYPES.has((element as HTMLInputElement).type || 'text');
  return element.isContentEditable === true;
}
