import { describe, expect, it, vi } from 'vitest';
import { chordLabel, isTypingTarget, matchesChord, parseChord } from './keys';
import { createKeyHandler, findConflicts, type KeyEventLike, type Shortcut } from './registry';
import { APP_SHORTCUTS } from './table';

function key(
  k: string,
  mods: Partial<Pick<KeyEventLike, 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>> = {},
  target: EventTarget | null = null,
): KeyEventLike & { prevented: boolean } {
  const event = {
    key: k,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    ...mods,
    target,
    defaultPrevented: false,
    prevented: false,
    preventDefault() {
      event.prevented = true;
      event.defaultPrevented = true;
    },
  };
  return event;
}

/** Enough of an element for the typing guard. */
function element(tagName: string, extra: Record<string, unknown> = {}): EventTarget {
  return { tagName, isContentEditable: false, ...extra } as unknown as EventTarget;
}

describe('chords', () => {
  it('reads Mod as Cmd on macOS and Ctrl elsewhere', () => {
    expect(matchesChord(key('k', { metaKey: true }), parseChord('Mod+K', 'mac'))).toBe(true);
    expect(matchesChord(key('k', { ctrlKey: true }), parseChord('Mod+K', 'mac'))).toBe(false);
    expect(matchesChord(key('k', { ctrlKey: true }), parseChord('Mod+K', 'other'))).toBe(true);
    expect(matchesChord(key('k', { metaKey: true }), parseChord('Mod+K', 'other'))).toBe(false);
    // Ctrl is Ctrl everywhere: Ctrl+Tab switches on macOS too.
    expect(matchesChord(key('Tab', { ctrlKey: true }), parseChord('Ctrl+Tab', 'mac'))).toBe(true);
  });

  it('compares modifiers exactly, letters in either case', () => {
    const searchAll = parseChord('Mod+Shift+F', 'other');
    expect(matchesChord(key('F', { ctrlKey: true, shiftKey: true }), searchAll)).toBe(true);
    expect(matchesChord(key('f', { ctrlKey: true }), searchAll)).toBe(false);
    expect(
      matchesChord(key('f', { ctrlKey: true, shiftKey: true }), parseChord('Mod+F', 'other')),
    ).toBe(false);
    expect(
      matchesChord(
        key('ArrowDown', { altKey: true, shiftKey: true }),
        parseChord('Alt+ArrowDown', 'other'),
      ),
    ).toBe(false);
  });

  it('takes "?" with whatever Shift the layout needs, but not with Ctrl', () => {
    const help = parseChord('?', 'other');
    expect(matchesChord(key('?', { shiftKey: true }), help)).toBe(true);
    expect(matchesChord(key('?'), help)).toBe(true);
    expect(matchesChord(key('?', { ctrlKey: true, shiftKey: true }), help)).toBe(false);
  });

  it('refuses a typo in the table', () => {
    expect(() => parseChord('Strg+K', 'other')).toThrow(/unknown modifier Strg/);
    expect(() => parseChord('Ctrl+', 'other')).toThrow(/no key/);
  });

  it('labels keys per platform', () => {
    expect(chordLabel('Mod+Shift+F', 'other')).toEqual(['Ctrl', 'Shift', 'F']);
    expect(chordLabel('Mod+Shift+F', 'mac')).toEqual(['⇧', '⌘', 'F']);
    expect(chordLabel('Alt+ArrowDown', 'other')).toEqual(['Alt', '↓']);
    expect(chordLabel('Escape', 'mac')).toEqual(['Esc']);
  });
});

describe('typing guard', () => {
  it('knows text fields from other controls', () => {
    expect(isTypingTarget(element('TEXTAREA'))).toBe(true);
    expect(isTypingTarget(element('INPUT', { type: 'text' }))).toBe(true);
    expect(isTypingTarget(element('INPUT', { type: 'search' }))).toBe(true);
    expect(isTypingTarget(element('INPUT', { type: 'checkbox' }))).toBe(false);
    expect(isTypingTarget(element('DIV', { isContentEditable: true }))).toBe(true);
    expect(isTypingTarget(element('BUTTON'))).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});

describe('key handler', () => {
  const table = (runs: Record<string, () => boolean | void>): Shortcut[] => [
    { id: 'help', group: 'General', description: 'Help', keys: ['?'], run: runs.help },
    {
      id: 'switch',
      group: 'Conversations',
      description: 'Switch',
      keys: ['Mod+K'],
      whileTyping: true,
      run: runs.switch,
    },
    {
      id: 'escape',
      group: 'General',
      description: 'Close',
      keys: ['Escape'],
      whileTyping: true,
      run: runs.escape,
    },
    { id: 'listed', group: 'Lists', description: 'Listed only', keys: ['F2'] },
  ];

  it('runs a shortcut and takes its key', () => {
    const help = vi.fn();
    const handle = createKeyHandler(table({ help }), 'other', () => false);
    const event = key('?', { shiftKey: true }, element('BUTTON'));
    handle(event);
    expect(help).toHaveBeenCalledOnce();
    expect(event.prevented).toBe(true);
  });

  it('leaves plain keys to a text field, but not chords meant for typing too', () => {
    const help = vi.fn();
    const switcher = vi.fn();
    const handle = createKeyHandler(table({ help, switch: switcher }), 'other', () => false);
    const question = key('?', { shiftKey: true }, element('TEXTAREA'));
    handle(question);
    expect(help).not.toHaveBeenCalled();
    expect(question.prevented).toBe(false);
    handle(key('k', { ctrlKey: true }, element('TEXTAREA')));
    expect(switcher).toHaveBeenCalledOnce();
  });

  it('acts on nothing behind an open dialog, and not on a key a component used', () => {
    const escape = vi.fn();
    let layer = true;
    const handle = createKeyHandler(table({ escape }), 'other', () => layer);
    handle(key('Escape'));
    expect(escape).not.toHaveBeenCalled();
    layer = false;
    const used = key('Escape');
    used.defaultPrevented = true;
    handle(used);
    expect(escape).not.toHaveBeenCalled();
    handle(key('Escape'));
    expect(escape).toHaveBeenCalledOnce();
  });

  it('lets a key go on when its shortcut had nothing to do', () => {
    const handle = createKeyHandler(table({ escape: () => false }), 'other', () => false);
    const event = key('Escape');
    handle(event);
    expect(event.prevented).toBe(false);
  });

  it('does not dispatch keys only listed for the sheet', () => {
    const handle = createKeyHandler(table({}), 'other', () => false);
    const event = key('F2', {}, element('BUTTON'));
    handle(event);
    expect(event.prevented).toBe(false);
  });

  it('refuses two shortcuts on one chord', () => {
    const clash: Shortcut[] = [
      { id: 'a', group: 'General', description: 'A', keys: ['Mod+N'], run: () => undefined },
      { id: 'b', group: 'General', description: 'B', keys: ['Ctrl+N'], run: () => undefined },
    ];
    expect(findConflicts(clash, 'other')).toEqual(['ctrl+n: a, b']);
    // On macOS Mod is Cmd: no clash there.
    expect(findConflicts(clash, 'mac')).toEqual([]);
    expect(() => createKeyHandler(clash, 'other', () => false)).toThrow(/ctrl\+n: a, b/);
  });
});

describe('the app table', () => {
  it('has no conflicting chords on any platform and unique ids', () => {
    expect(findConflicts(APP_SHORTCUTS, 'other')).toEqual([]);
    expect(findConflicts(APP_SHORTCUTS, 'mac')).toEqual([]);
    const ids = APP_SHORTCUTS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('lists the keys the issue asks for', () => {
    const chords = APP_SHORTCUTS.flatMap((s) => s.keys);
    for (const wanted of ['Mod+K', 'Ctrl+Tab', 'Ctrl+Shift+Tab', 'Alt+ArrowUp', 'Alt+ArrowDown']) {
      expect(chords).toContain(wanted);
    }
    for (const wanted of ['Escape', 'F2', 'Mod+F', '?', 'Mod+N', 'Mod+Shift+J']) {
      expect(chords).toContain(wanted);
    }
  });
});
