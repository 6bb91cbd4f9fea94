import { errorText, getClient } from '../../app/client';
import { useConversations } from '../conversations/store';
import { chatKey, sameChat, useUi } from '../ui/store';
import { useChat } from './store';

export const PAGE_SIZE = 50;

/** Open (or create) the conversation with a peer and show it. */
export async function openChat(accountId: string, peer: string): Promise<void> {
  useUi.getState().setOpenChat({ accountId, peer });
  useUi.getState().setTab('chats');
  const conversation = await getClient().call('conversations.open', { accountId, peer });
  // The reply may predate a markRead sent meanwhile; never raise a known unread count with it.
  const known = useConversations.getState().byKey.get(chatKey(accountId, peer));
  useConversations
    .getState()
    .upsert(
      known
        ? { ...conversation, unread: Math.min(known.unread, conversation.unread) }
        : conversation,
    );
}

async function loadPage(accountId: string, peer: string, before: string | null): Promise<void> {
  const key = chatKey(accountId, peer);
  const chat = useChat.getState();
  chat.patch(key, { loading: true, error: null });
  try {
    const page = await getClient().call('messages.page', {
      accountId,
      peer,
      before,
      limit: PAGE_SIZE,
    });
    useChat.getState().prepend(key, page.messages, page.complete);
  } catch (error) {
    useChat.getState().patch(key, { loading: false, error: errorText(error) });
  }
}

/** The newest page, once per conversation kept in memory. */
export function loadLatest(accountId: string, peer: string): Promise<void> {
  const key = chatKey(accountId, peer);
  const chat = useChat.getState();
  chat.touch(key);
  const timeline = chat.timelines[key];
  if (timeline && (timeline.ready || timeline.loading)) return Promise.resolve();
  return loadPage(accountId, peer, null);
}

/** The page before the oldest loaded message, until the history is complete. */
export function loadOlder(accountId: string, peer: string): Promise<void> {
  const timeline = useChat.getState().timelines[chatKey(accountId, peer)];
  if (!timeline || !timeline.ready || timeline.loading || timeline.complete)
    return Promise.resolve();
  const oldest = timeline.messages[0];
  if (!oldest) return Promise.resolve();
  return loadPage(accountId, peer, oldest.id);
}

/** Sends a message; `replyTo` names the one it answers (XEP-0461). */
export async function sendMessage(
  accountId: string,
  peer: string,
  body: string,
  replyTo: string | null = null,
): Promise<void> {
  const message = await getClient().call('messages.send', {
    accountId,
    peer,
    body,
    ...(replyTo ? { replyTo } : {}),
  });
  useChat.getState().add(message);
}

export function markRead(accountId: string, peer: string): void {
  useConversations.getState().clearUnread(accountId, peer);
  getClient()
    .call('conversations.markRead', { accountId, peer })
    .catch((error: unknown) => console.warn('markRead failed', errorText(error)));
}

/**
 * Whether the user can see the newest messages of this conversation right now: it is open,
 * the window is visible and focused, and its timeline is scrolled to the bottom. Only then is
 * what arrives read; otherwise it stays unread (and the "jump to latest" button counts it).
 */
export function seesLatest(accountId: string, peer: string): boolean {
  const ui = useUi.getState();
  if (!ui.visible || !sameChat(ui.openChat, accountId, peer)) return false;
  if (typeof document !== 'undefined' && !document.hasFocus()) return false;
  return useChat.getState().atBottom[chatKey(accountId, peer)] ?? true;
}

/** Marks the conversation read if it has unread messages and they are on screen (seesLatest). */
export function markReadIfSeen(accountId: string, peer: string): void {
  const known = useConversations.getState().byKey.get(chatKey(accountId, peer));
  if (known && known.unread === 0 && known.mentions === 0) return;
  if (seesLatest(accountId, peer)) markRead(accountId, peer);
}

/** Sends one of our failed messages again (same id); its progress arrives as message.updated. */
export async function retryMessage(accountId: string, peer: string, id: string): Promise<void> {
  const message = await getClient().call('messages.retry', { accountId, peer, id });
  useChat.getState().update(message);
}
