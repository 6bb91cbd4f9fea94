// The message menu's actions: a plain list, each shown where it applies. Other features add
// their entries to this list (edit, retract, ...).
import type { Message } from '@parley/contract';
import { errorText, getClient } from '../../app/client';

export interface MessageActionContext {
  /** Starts a reply to the message in the composer. */
  reply(message: Message): void;
  /** Reports a failed action to the user. */
  fail(text: string): void;
}

export interface MessageAction {
  id: string;
  label: string;
  shown(message: Message, context: MessageActionContext): boolean;
  run(message: Message, context: MessageActionContext): void | Promise<void>;
}

/** Our current set of emoji on a message. */
export function ownReactions(message: Message): string[] {
  return (message.reactions ?? []).filter((r) => r.mine).map((r) => r.emoji);
}

/** Adds or removes one emoji of ours (the whole set goes to the backend, XEP-0444 §3.2). */
export async function toggleReaction(message: Message, emoji: string): Promise<void> {
  const mine = ownReactions(message);
  const emojis = mine.includes(emoji) ? mine.filter((e) => e !== emoji) : [...mine, emoji];
  await getClient().call('messages.react', {
    accountId: message.accountId,
    peer: message.peer,
    messageId: message.id,
    emojis,
  });
}

export const QUICK_REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🎉'] as const;

export const messageActions: MessageAction[] = [
  {
    id: 'reply',
    label: 'Reply',
    shown: (message) => message.status !== 'failed' && message.status !== 'pending',
    run: (message, context) => context.reply(message),
  },
  {
    id: 'react-thumbs-up',
    label: 'React 👍',
    shown: (message) => message.status !== 'failed' && message.status !== 'pending',
    run: (message, context) =>
      toggleReaction(message, '👍').catch((error: unknown) => context.fail(errorText(error))),
  },
];
