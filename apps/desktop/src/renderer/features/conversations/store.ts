import type { Conversation } from '@parley/contract';
import { create } from 'zustand';
import { chatKey } from '../ui/store';

interface ConversationsState {
  loaded: boolean;
  byKey: ReadonlyMap<string, Conversation>;
  setAll(conversations: Conversation[]): void;
  upsert(conversation: Conversation): void;
  /** Many conversation.changed in order, as one state update (the last of a key wins). */
  upsertMany(conversations: readonly Conversation[]): void;
  /** Optimistic: the backend confirms with conversation.changed. */
  clearUnread(accountId: string, peer: string): void;
  removeAccount(accountId: string): void;
}

export const useConversations = create<ConversationsState>()((set) => ({
  loaded: false,
  byKey: new Map(),
  setAll: (conversations) =>
    set({
      loaded: true,
      byKey: new Map(conversations.map((c) => [chatKey(c.accountId, c.peer), c])),
    }),
  upsert: (conversation) =>
    set((s) => {
      const byKey = new Map(s.byKey);
      byKey.set(chatKey(conversation.accountId, conversation.peer), conversation);
      return { byKey };
    }),
  upsertMany: (conversations) =>
    set((s) => {
      if (conversations.length === 0) return {};
      const byKey = new Map(s.byKey);
      for (const c of conversations) byKey.set(chatKey(c.accountId, c.peer), c);
      return { byKey };
    }),
  clearUnread: (accountId, peer) =>
    set((s) => {
      const key = chatKey(accountId, peer);
      const current = s.byKey.get(key);
      if (!current || (current.unread === 0 && current.mentions === 0)) return {};
      const byKey = new Map(s.byKey);
      // Mentions are unread messages too: read, they are no longer pending.
      byKey.set(key, { ...current, unread: 0, mentions: 0 });
      return { byKey };
    }),
  removeAccount: (accountId) =>
    set((s) => ({
      byKey: new Map([...s.byKey].filter(([, c]) => c.accountId !== accountId)),
    })),
}));

/** Most recent first. */
export function sortConversations(byKey: ReadonlyMap<string, Conversation>): Conversation[] {
  return [...byKey.values()].sort(
    (a, b) =>
      (b.lastMessage?.timestamp ?? b.updatedAt) - (a.lastMessage?.timestamp ?? a.updatedAt) ||
      b.updatedAt - a.updatedAt,
  );
}

export function totalUnread(byKey: ReadonlyMap<string, Conversation>): number {
  let total = 0;
  for (const c of byKey.values()) total += c.unread;
  return total;
}
