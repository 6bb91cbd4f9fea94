import type { Conversation, Room } from '@parley/contract';
import { sortConversations } from './store';

/** A bookmarked or joined room without a conversation yet, listed after the others. */
function roomEntry(room: Room): Conversation {
  return {
    accountId: room.accountId,
    peer: room.jid,
    kind: 'room',
    name: room.name,
    lastMessage: null,
    unread: 0,
    mentions: 0,
    notify: 'default',
    updatedAt: 0,
  };
}

/**
 * The conversation list's order: most recent first, then rooms without a conversation. One
 * function for the list and for Ctrl+Tab / Alt+↓, so the keys follow what the user sees.
 */
export function conversationOrder(
  byKey: ReadonlyMap<string, Conversation>,
  roomKeys: Iterable<string>,
  rooms: ReadonlyMap<string, Room>,
): Conversation[] {
  const sorted = sortConversations(byKey);
  for (const key of roomKeys) {
    const room = rooms.get(key);
    if (room && !byKey.has(key)) sorted.push(roomEntry(room));
  }
  return sorted;
}
