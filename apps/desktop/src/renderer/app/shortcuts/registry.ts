import {
  chordId,
  isTypingTarget,
  matchesChord,
  parseChord,
  type Chord,
  type KeyLike,
  type Platform,
} from './keys';

export type ShortcutGroup = 'General' | 'Conversations' | 'Search' | 'Lists' | 'Composer';

/**
 * One keyboard shortcut. The sheet (`?`) and the window's key handler both read the same
 * table, so what the sheet lists is what the keys do.
 */
export interface Shortcut {
  id: string;
  group: ShortcutGroup;
  description: string;
  /** Chords ("Mod+K", "Ctrl+Tab", "Alt+ArrowDown"); any of them triggers it. */
  keys: readonly string[];
  /** Different chords on macOS, where the platform's habits differ. */
  macKeys?: readonly string[];
  /**
   * Also while the focus is in a text field: chords with Ctrl/Cmd or Alt, and Escape. Plain
   * keys ("?") never fire while typing, or nobody could type a question mark.
   */
  whileTyping?: boolean;
  /** Also while a dialog or menu is open (none by default: the shortcut would act behind it). */
  overLayers?: boolean;
  /**
   * What the key does. Returns false when it did nothing (the key then goes on as if no
   * shortcut had it). Without `run` the key is handled where the focus is (a list, the
   * composer) and the table only lists it for the sheet.
   */
  run?(): boolean | void;
}

export function shortcutKeys(shortcut: Shortcut, platform: Platform): readonly string[] {
  return platform === 'mac' && shortcut.macKeys ? shortcut.macKeys : shortcut.keys;
}

/** Chords that two window-wide shortcuts both claim: "ctrl+k: a, b". Empty when none. */
export function findConflicts(table: readonly Shortcut[], platform: Platform): string[] {
  const owners = new Map<string, string[]>();
  for (const shortcut of table) {
    if (!shortcut.run) continue;
    for (const spec of shortcutKeys(shortcut, platform)) {
      const id = chordId(parseChord(spec, platform));
      owners.set(id, [...(owners.get(id) ?? []), shortcut.id]);
    }
  }
  return [...owners]
    .filter(([, ids]) => ids.length > 1)
    .map(([id, ids]) => `${id}: ${ids.join(', ')}`);
}

export interface KeyEventLike extends KeyLike {
  target: EventTarget | null;
  defaultPrevented: boolean;
  isComposing?: boolean;
  preventDefault(): void;
}

interface Compiled {
  shortcut: Shortcut & { run: NonNullable<Shortcut['run']> };
  chords: Chord[];
}

/**
 * The window's keydown handler for a table. `layerOpen` says whether a dialog, menu or popover
 * was open when the key went down (it closes itself on Escape before this handler runs).
 * Throws when two shortcuts claim the same chord: a table mistake, found at start.
 */
export function createKeyHandler(
  table: readonly Shortcut[],
  platform: Platform,
  layerOpen: (event: KeyEventLike) => boolean,
): (event: KeyEventLike) => void {
  const conflicts = findConflicts(table, platform);
  if (conflicts.length > 0) throw new Error(`Shortcut conflicts: ${conflicts.join('; ')}`);
  const compiled: Compiled[] = [];
  for (const shortcut of table) {
    const run = shortcut.run;
    if (!run) continue;
    compiled.push({
      shortcut: { ...shortcut, run },
      chords: shortcutKeys(shortcut, platform).map((spec) => parseChord(spec, platform)),
    });
  }
  return (event) => {
    // A component that used the key (the composer's Escape, a list's arrows) wins; keys
    // that compose a character (IME) are the input method's.
    if (event.defaultPrevented || event.isComposing) return;
    const found = compiled.find(({ chords }) => chords.some((c) => matchesChord(event, c)));
    if (!found) return;
    const { shortcut } = found;
    if (!shortcut.whileTyping && isTypingTarget(event.target)) return;
    if (!shortcut.overLayers && layerOpen(event)) return;
    if (shortcut.run() === false) return;
    event.preventDefault();
  };
}
