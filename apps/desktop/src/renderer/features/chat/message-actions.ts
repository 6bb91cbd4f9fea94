// The message menu's actions (hover button and right-click): a plain list, each shown where it
// applies. A feature adds its entries here, in the order they appear.
import type { Message } from '@parley/contract';
import { errorText, getClient } from '../../app/client';
import { tFor } from '../../i18n';
import { isEditable, useEdits } from './edits-store';

const t = tFor('chat');

/** What an action may need to know beyond the message. */
export interface MessageActionContext {
  /** In a room where we are a moderator. */
  canModerate: boolean;
  /** Starts a reply to the message in the composer (absent where replying is not offered). */
  reply?(message: Message): void;
  /** Opens the full emoji picker to react with (absent where it is not mounted). */
  pickReaction?(message: Message): void;
  /** Reports a failed action to the user. */
  fail?(text: string): void;
}

export interface MessageAction {
  id: string;
  /** In the current language (a getter: read where it is shown). */
  label: string;
  /** Shown in red: the entry removes something. */
  danger?: boolean;
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

/** Sent and not taken back: something others can answer or react to. */
const settled = (m: Message) => m.status !== 'failed' && m.status !== 'pending' && !m.retracted;

export const messageActions: MessageAction[] = [
  {
    id: 'reply',
    get label() {
      return t('Reply');
    },
    shown: (m, c) => c.reply !== undefined && settled(m),
    run: (m, c) => c.reply?.(m),
  },
  {
    id: 'react-thumbs-up',
    get label() {
      return t('React 👍');
    },
    shown: (m) => settled(m),
    run: (m, c) =>
      toggleReaction(m, '👍').catch((error: unknown) => {
        const text = errorText(error);
        if (c.fail) c.fail(text);
        else console.warn('messages.react', text);
      }),
  },
  {
    id: 'react-pick',
    get label() {
      return t('Add reaction…');
    },
    shown: (m, c) => c.pickReaction !== undefined && settled(m),
    run: (m, c) => c.pickReaction?.(m),
  },
  {
    id: 'edit',
    get label() {
      return t('Edit');
    },
    shown: (m) => isEditable(m),
    run: (m) => useEdits.getState().startEdit(m),
  },
  {
    id: 'history',
    get label() {
      return t('Show edit history');
    },
    shown: (m) => !!m.edited && !m.retracted,
    run: (m) => useEdits.getState().openDialog({ kind: 'history', message: m }),
  },
  {
    id: 'retract',
    get label() {
      return t('Delete for everyone');
    },
    danger: true,
    shown: (m) => m.direction === 'out' && !m.retracted,
    run: (m) => useEdits.getState().openDialog({ kind: 'retract', message: m }),
  },
  {
    id: 'moderate',
    get label() {
      return t('Remove as moderator');
    },
    danger: true,
    // The room names a message by its own id: without one it cannot remove it.
    shown: (m, c) => c.canModerate && m.direction === 'in' && !m.retracted && m.stanzaId !== null,
    run: (m) => useEdits.getState().openDialog({ kind: 'moderate', message: m }),
  },
];
