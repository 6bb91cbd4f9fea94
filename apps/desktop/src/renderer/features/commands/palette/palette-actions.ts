import { tFor } from '../../../i18n';
import { currentPlatform } from '../../../app/shortcuts/keys';
import { shortcutKeys, type Shortcut } from '../../../app/shortcuts/registry';
import { fuzzyFilter } from '../../search/fuzzy';
import { useRoomDialog } from '../../rooms/dialogs';
import { useUi } from '../../ui/store';
import { commandsHere } from '../registry';

const t = tFor('commands');

/** One row of the palette: what it does, the keys that also do it, and doing it. */
export interface PaletteAction {
  id: string;
  label: string;
  /** What fuzzy filtering also matches: the command's name, the action's words. */
  detail: string;
  /** The shortcut's chord specs ("Mod+K"), shown beside the label. */
  keys: readonly string[];
  run(): void;
}

/** Keys the palette leaves out of its list: they close things or open the palette itself. */
const NOT_LISTED = new Set(['escape', 'command-palette']);

export interface PaletteContext {
  /** The window's shortcut table (the palette runs the same `run`). */
  shortcuts: readonly Shortcut[];
  /** Whether a conversation is open (commands go to its composer), and whether a room. */
  conversation: 'none' | 'chat' | 'room';
  /** Puts "/name " in the open composer, for the arguments to be typed there. */
  startCommand(name: string): void;
}

/**
 * Every action the palette offers: the shortcut table's (new chat, join a room, settings,
 * search, next conversation...), a few without a key (accounts, rooms), and the composer's
 * commands, which start in the open composer since they take arguments.
 */
export function paletteActions(ctx: PaletteContext): PaletteAction[] {
  const fromTable: PaletteAction[] = ctx.shortcuts
    .filter((s) => s.run && !NOT_LISTED.has(s.id))
    .map((s) => ({
      id: s.id,
      label: s.description,
      detail: s.id.replace(/-/gu, ' '),
      keys: shortcutKeys(s, currentPlatform()),
      run: () => void s.run?.(),
    }));
  const more: PaletteAction[] = [
    {
      id: 'switch-account',
      label: t('Switch, add or manage accounts'),
      detail: 'accounts',
      keys: [],
      run: () => useUi.getState().setAccountsDialogOpen(true),
    },
    {
      id: 'browse-rooms',
      label: t('Browse group chats on a server'),
      detail: 'rooms browse',
      keys: [],
      run: () => useRoomDialog.getState().open({ kind: 'browse' }),
    },
    {
      id: 'create-room',
      label: t('Create a group chat'),
      detail: 'rooms create',
      keys: [],
      run: () => useRoomDialog.getState().open({ kind: 'create' }),
    },
  ];
  const commands: PaletteAction[] =
    ctx.conversation === 'none'
      ? []
      : commandsHere(ctx.conversation === 'room').map((c) => ({
          id: `command-${c.name}`,
          label: `/${c.name} — ${c.summary()}`,
          detail: c.usage(),
          keys: [],
          run: () => ctx.startCommand(c.name),
        }));
  return [...fromTable, ...more, ...commands];
}

/** The actions matching what was typed, best first (the quick switcher's fuzzy match). */
export function filterActions(query: string, actions: readonly PaletteAction[]): PaletteAction[] {
  return fuzzyFilter(query, actions);
}
