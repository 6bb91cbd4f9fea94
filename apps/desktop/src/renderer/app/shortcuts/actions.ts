import { openChat } from '../../features/chat/actions';
import { useReplies } from '../../features/chat/reply-store';
import { conversationOrder } from '../../features/conversations/order';
import { useConversations } from '../../features/conversations/store';
import { useRoomPrefs } from '../../features/rooms/dialogs';
import { useRooms } from '../../features/rooms/store';
import { useSearchUi } from '../../features/search/store';
import { chatKey, sameChat, useUi } from '../../features/ui/store';
import { errorText } from '../client';
import { useNav } from './store';

/**
 * Opens the conversation `step` places after (or, negative, before) the open one, in the
 * list's order, wrapping at the ends; only those with unread messages with `unreadOnly`.
 * Without an open conversation, forward starts at the top and backward at the bottom.
 */
export function stepConversation(step: 1 | -1, unreadOnly = false): boolean {
  const { byKey } = useConversations.getState();
  const { rooms } = useRooms.getState();
  const list = conversationOrder(byKey, rooms.keys(), rooms);
  const open = useUi.getState().openChat;
  const at = list.findIndex((c) => sameChat(open, c.accountId, c.peer));
  const n = list.length;
  for (let i = 1; i <= n; i++) {
    const index = at === -1 ? (step === 1 ? i - 1 : n - i) : (((at + step * i) % n) + n) % n;
    const next = list[index];
    if (!next || (unreadOnly && next.unread === 0)) continue;
    if (sameChat(open, next.accountId, next.peer)) return false;
    openChat(next.accountId, next.peer).catch((e: unknown) =>
      console.warn('conversations.open failed', errorText(e)),
    );
    return true;
  }
  return false;
}

/** The composer of the open conversation: the place keys come back to. */
export function focusComposer(): boolean {
  const composer = document.querySelector<HTMLTextAreaElement>('.composer-input');
  if (!composer || composer === document.activeElement || composer.disabled) return false;
  composer.focus();
  return true;
}

/**
 * Escape when no dialog or menu took it: closes the top-most open thing (the sidebar drawer,
 * the member overlay, the reply bar, the search bar), else brings the focus to the composer.
 * False when there was nothing to do.
 */
export function escapeTopmost(): boolean {
  const nav = useNav.getState();
  if (nav.drawerOpen) {
    nav.setDrawerOpen(false);
    document.querySelector<HTMLElement>('[data-testid="drawer-toggle"]')?.focus();
    return true;
  }
  if (useRoomPrefs.getState().hideOccupantsOverlay()) return true;
  const chat = useUi.getState().openChat;
  if (chat) {
    const key = chatKey(chat.accountId, chat.peer);
    if (useReplies.getState().replying[key]) {
      useReplies.getState().stopReply(key);
      return true;
    }
    const search = useSearchUi.getState();
    if (search.conversationSearch.has(key)) {
      search.setConversationSearch(key, false);
      focusComposer();
      return true;
    }
  }
  return focusComposer();
}
