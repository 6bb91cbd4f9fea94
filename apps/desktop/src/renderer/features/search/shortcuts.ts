import { useEffect } from 'react';
import { chatKey, useUi } from '../ui/store';
import { useSearchUi } from './store';

/** The key that goes with Ctrl on Linux and Windows, Cmd on macOS. */
function commandKey(e: KeyboardEvent): boolean {
  return /mac/i.test(navigator.platform) ? e.metaKey : e.ctrlKey;
}

/**
 * Ctrl+K: quick switcher. Ctrl+F: search in the open conversation. Ctrl+Shift+F: search all.
 * On the window, so they work wherever the focus is (the composer included).
 */
export function useSearchShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!commandKey(e) || e.altKey) return;
      const key = e.key.toLowerCase();
      const search = useSearchUi.getState();
      if (key === 'k' && !e.shiftKey) {
        e.preventDefault();
        search.setQuickSwitcherOpen(true);
      } else if (key === 'f' && e.shiftKey) {
        e.preventDefault();
        search.setGlobalOpen(true);
      } else if (key === 'f') {
        const chat = useUi.getState().openChat;
        // Without an open conversation the browser's own find stays.
        if (!chat) return;
        e.preventDefault();
        search.setConversationSearch(chatKey(chat.accountId, chat.peer), true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
