import { useShortcuts } from '../../app/shortcuts/useShortcuts';
import type { Shortcut } from '../../app/shortcuts/registry';
import { chatKey, useUi } from '../ui/store';
import { useSearchUi } from './store';

/** Search's keys; on the window, so they work wherever the focus is (the composer included). */
export const searchShortcuts: Shortcut[] = [
  {
    id: 'quick-switcher',
    group: 'Conversations',
    description: 'Go to a conversation, contact or group chat',
    keys: ['Mod+K'],
    whileTyping: true,
    run: () => useSearchUi.getState().setQuickSwitcherOpen(true),
  },
  {
    id: 'search-conversation',
    group: 'Search',
    description: 'Search in the open conversation',
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
    description: 'Search all conversations',
    keys: ['Mod+Shift+F'],
    whileTyping: true,
    run: () => useSearchUi.getState().setGlobalOpen(true),
  },
];

/** Only search's keys (the app installs the whole table; tests of search use this). */
export function useSearchShortcuts(): void {
  useShortcuts(searchShortcuts);
}
