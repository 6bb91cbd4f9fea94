import type { ConversationKind, NotifyMode } from '@parley/contract';

/** What "default" means for a conversation: every message in a chat, mentions in a room. */
export function defaultNotify(kind: ConversationKind): Exclude<NotifyMode, 'default'> {
  return kind === 'room' ? 'mentions' : 'all';
}
