import type { Conversation, Message } from '@parley/contract';
import { markRead, seesLatest } from '../features/chat/actions';
import { useChat, type MessageEvent } from '../features/chat/store';
import { useConversations } from '../features/conversations/store';
import { notifyMessages, type NoticeSink } from '../features/notifications/message-notifier';
import { chatKey } from '../features/ui/store';

/** The events a catch-up brings by the hundred: queued and applied a frame at a time. */
export type BatchedEvent =
  | { kind: 'added'; message: Message }
  | { kind: 'updated'; message: Message }
  | { kind: 'conversation'; conversation: Conversation };

/**
 * Applies queued events in their order: one update of the chat store and one of the
 * conversation list for the whole batch, then the notifications, then one read mark per
 * conversation the user sees (not one command per message).
 */
export function applyBatch(batch: readonly BatchedEvent[], notices: NoticeSink | null): void {
  const messageEvents: MessageEvent[] = [];
  const conversations: Conversation[] = [];
  for (const event of batch) {
    if (event.kind === 'conversation') conversations.push(event.conversation);
    else messageEvents.push(event);
  }
  if (messageEvents.length > 0) useChat.getState().applyMessages(messageEvents);
  if (conversations.length > 0) {
    useConversations.getState().upsertMany(
      conversations.map((c) =>
        // Shown with its newest message: read, whatever the count the backend raised.
        seesLatest(c.accountId, c.peer) ? { ...c, unread: 0, mentions: 0 } : c,
      ),
    );
  }
  const added = messageEvents.flatMap((event) => (event.kind === 'added' ? [event.message] : []));
  notifyMessages(added, notices);
  const read = new Map<string, Message>();
  for (const message of added) {
    // Seen as it arrives (open, in view, scrolled to the bottom): read. The unread count the
    // backend raises with it may not have arrived yet, so this does not wait for it.
    if (message.direction === 'in' && seesLatest(message.accountId, message.peer)) {
      read.set(chatKey(message.accountId, message.peer), message);
    }
  }
  for (const message of read.values()) markRead(message.accountId, message.peer);
}
