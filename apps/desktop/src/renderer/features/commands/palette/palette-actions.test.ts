import { describe, expect, it, vi } from 'vitest';
import type { Shortcut } from '../../../app/shortcuts/registry';
import { filterActions, paletteActions } from './palette-actions';

const table: Shortcut[] = [
  { id: 'escape', group: 'General', description: 'Close', keys: ['Escape'], run: vi.fn() },
  {
    id: 'command-palette',
    group: 'General',
    description: 'Palette',
    keys: ['Mod+Shift+P'],
    run: vi.fn(),
  },
  { id: 'settings', group: 'General', description: 'Open settings', keys: ['Mod+,'], run: vi.fn() },
  {
    id: 'search-all',
    group: 'Search',
    description: 'Search all conversations',
    keys: ['Mod+Shift+F'],
    run: vi.fn(),
  },
  { id: 'list-move', group: 'Lists', description: 'Move in a list', keys: ['ArrowUp'] },
];

describe('paletteActions', () => {
  it("lists the table's runnable actions (not Escape or itself), more, and the commands", () => {
    const ids = paletteActions({
      shortcuts: table,
      conversation: 'chat',
      startCommand: vi.fn(),
    }).map((a) => a.id);
    expect(ids).toContain('settings');
    expect(ids).toContain('switch-account');
    expect(ids).toContain('command-roster');
    expect(ids).not.toContain('escape');
    expect(ids).not.toContain('command-palette');
    expect(ids).not.toContain('list-move');
    expect(ids).not.toContain('command-kick');
  });

  it('offers room commands in a room and no commands without a conversation', () => {
    const room = paletteActions({ shortcuts: [], conversation: 'room', startCommand: vi.fn() });
    expect(room.map((a) => a.id)).toContain('command-kick');
    const none = paletteActions({ shortcuts: [], conversation: 'none', startCommand: vi.fn() });
    expect(none.some((a) => a.id.startsWith('command-'))).toBe(false);
  });

  it('runs the shortcut, or starts the command in the composer', () => {
    const startCommand = vi.fn();
    const actions = paletteActions({ shortcuts: table, conversation: 'chat', startCommand });
    actions.find((a) => a.id === 'settings')?.run();
    expect(table[2]?.run).toHaveBeenCalled();
    actions.find((a) => a.id === 'command-omemo')?.run();
    expect(startCommand).toHaveBeenCalledWith('omemo');
  });
});

describe('filterActions', () => {
  const actions = paletteActions({ shortcuts: table, conversation: 'chat', startCommand: vi.fn() });
  it('matches by words in order, best first', () => {
    expect(filterActions('settings', actions)[0]?.id).toBe('settings');
    expect(filterActions('srch all', actions)[0]?.id).toBe('search-all');
    expect(filterActions('/omemo', actions)[0]?.id).toBe('command-omemo');
    expect(filterActions('accounts', actions)[0]?.id).toBe('switch-account');
    expect(filterActions('qqqqzz', actions)).toEqual([]);
  });

  it('keeps everything for an empty filter', () => {
    expect(filterActions('', actions)).toHaveLength(actions.length);
  });
});
