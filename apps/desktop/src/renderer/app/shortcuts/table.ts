import { searchShortcuts } from '../../features/search/shortcuts';
import { useRoomDialog } from '../../features/rooms/dialogs';
import { useSearchUi } from '../../features/search/store';
import { useSettingsDialog } from '../../features/settings/dialog-store';
import { usePalette } from '../../features/commands/palette/palette-store';
import { escapeTopmost, stepConversation } from './actions';
import type { Shortcut } from './registry';
import { useNav } from './store';
import { tFor } from '../../i18n';

// Translated when read (a getter): the table is built once, the language may change.
const t = tFor('shortcuts');

/**
 * Every shortcut of the app: what the window handles (with `run`) and what a list or the
 * composer handles where the focus is (listed for the sheet). Chosen as Gajim, Dino and
 * Element users know them: Ctrl+Tab and Ctrl+Page Down as in Gajim, Alt+↑/↓ as in Element.
 */
export const APP_SHORTCUTS: readonly Shortcut[] = [
  {
    id: 'escape',
    group: 'General',
    get description() {
      return t('Close the dialog, menu, reply or search bar; else back to the message field');
    },
    keys: ['Escape'],
    whileTyping: true,
    run: escapeTopmost,
  },
  {
    id: 'shortcuts-sheet',
    group: 'General',
    get description() {
      return t('Show keyboard shortcuts');
    },
    keys: ['?'],
    run: () => useNav.getState().setSheetOpen(true),
  },
  {
    id: 'command-palette',
    group: 'General',
    get description() {
      return t('All actions and commands, by name');
    },
    keys: ['Mod+Shift+P'],
    whileTyping: true,
    run: () => usePalette.getState().setOpen(true),
  },
  {
    id: 'settings',
    group: 'General',
    get description() {
      return t('Open settings');
    },
    keys: ['Mod+,'],
    whileTyping: true,
    run: () => useSettingsDialog.getState().show(),
  },
  ...searchShortcuts,
  {
    id: 'new-chat',
    group: 'Conversations',
    get description() {
      return t('Start a chat with a contact');
    },
    keys: ['Mod+N'],
    whileTyping: true,
    run: () => useSearchUi.getState().setQuickSwitcherOpen(true),
  },
  {
    id: 'join-room',
    group: 'Conversations',
    get description() {
      return t('Join a group chat');
    },
    keys: ['Mod+Shift+J'],
    whileTyping: true,
    run: () => useRoomDialog.getState().open({ kind: 'join' }),
  },
  {
    id: 'next-conversation',
    group: 'Conversations',
    get description() {
      return t('Next conversation in the list');
    },
    keys: ['Ctrl+Tab', 'Ctrl+PageDown', 'Alt+ArrowDown'],
    whileTyping: true,
    run: () => stepConversation(1),
  },
  {
    id: 'previous-conversation',
    group: 'Conversations',
    get description() {
      return t('Previous conversation in the list');
    },
    keys: ['Ctrl+Shift+Tab', 'Ctrl+PageUp', 'Alt+ArrowUp'],
    whileTyping: true,
    run: () => stepConversation(-1),
  },
  {
    id: 'next-unread',
    group: 'Conversations',
    get description() {
      return t('Next conversation with unread messages');
    },
    keys: ['Alt+Shift+ArrowDown'],
    whileTyping: true,
    run: () => stepConversation(1, true),
  },
  {
    id: 'previous-unread',
    group: 'Conversations',
    get description() {
      return t('Previous conversation with unread messages');
    },
    keys: ['Alt+Shift+ArrowUp'],
    whileTyping: true,
    run: () => stepConversation(-1, true),
  },
  {
    id: 'list-move',
    group: 'Lists',
    get description() {
      return t('Move in a list (conversations, contacts, members, results)');
    },
    keys: ['ArrowUp', 'ArrowDown'],
  },
  {
    id: 'list-ends',
    group: 'Lists',
    get description() {
      return t('First or last entry');
    },
    keys: ['Home', 'End'],
  },
  {
    id: 'list-open',
    group: 'Lists',
    get description() {
      return t('Open the entry');
    },
    keys: ['Enter'],
  },
  {
    id: 'list-rename',
    group: 'Lists',
    get description() {
      return t('Rename the contact or group chat');
    },
    keys: ['F2'],
  },
  {
    id: 'list-menu',
    group: 'Lists',
    get description() {
      return t('Actions of the entry');
    },
    keys: ['Shift+F10', 'ContextMenu'],
  },
  {
    id: 'composer-send',
    group: 'Composer',
    get description() {
      return t('Send (Ctrl+Enter instead when set so in Settings)');
    },
    keys: ['Enter'],
  },
  {
    id: 'composer-newline',
    group: 'Composer',
    get description() {
      return t('New line');
    },
    keys: ['Shift+Enter'],
  },
  {
    id: 'composer-edit',
    group: 'Composer',
    get description() {
      return t('Correct your last message (in an empty field)');
    },
    keys: ['ArrowUp'],
  },
  {
    id: 'composer-cancel',
    group: 'Composer',
    get description() {
      return t('Cancel the reply or correction');
    },
    keys: ['Escape'],
  },
  {
    id: 'composer-complete',
    group: 'Composer',
    get description() {
      return t('Complete a command, address or nickname (↑/↓ choose in the list)');
    },
    keys: ['Tab'],
  },
];
