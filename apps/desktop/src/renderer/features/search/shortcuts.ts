import { useShortcuts } from '../../app/shortcuts/useShortcuts';
import type { Shortcut } from '../../app/shortcuts/registry';
import { chatKey, useUi } from '../ui/store';
import { useSearchUi } from './store';
import { tFor } from '../../i18n';

// Translated when read (a getter): the table is built once, the language may change.
const t = tFor('shortcuts');

/** Search's keys; on the window, so they work wherever the focus is (the composer included). */
export const searchShortcuts: Shortcut[] = [
  {
    id: 'quick-switcher',
    group: 'Conversations',
    get description() {
      return t('Go to a conversation, contact or group chat');
    },
    keys: ['Mod+K'],
    whileTyping: true,
    run: () => useSearchUi.getState().setQuickSwitcherOpen(true),
  },
  {
    id: 'search-conversation',
    group: 'Search',
    get description() {
      return t('Search in the open conversation');
    },
    keys: ['Mod+F'],
    whileTyping: true,
    run: () => {
      const chat = useUi.getState().openChat;
      // Without an open conversation the browser's own find stays.
      if (!chat) return false;
      useSearchUi.getState().setConversationSearch(chatKey(chat.accountId, chat.peer), true);
    },
  },
  {
    id: 'search-all',
    group: 'Search',
    get description() {
      return t('Search all conversations');
    },
    keys: ['Mod+Shift+F'],
    whileTyping: true,
    run: () => useSearchUi.getState().setGlobalOpen(true),
  },
];

/** Only search's keys (the app installs the whole table; tests of search use this). */
export function useSearchShortcuts(): void {
  useShortcuts(searchShortcuts);
}
