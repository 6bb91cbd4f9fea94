import type { Message } from '@parley/contract';
import { isEditable, useEdits } from './edits-store';

/** What an action may need to know beyond the message. */
export interface MessageActionContext {
  /** In a room where we are a moderator. */
  canModerate: boolean;
}

/**
 * One entry of a message's menu (hover button and right-click). A plain list: features add
 * their entries here (reply, react, ...), in the order they appear.
 */
export interface MessageAction {
  id: string;
  label: string;
  /** Shown in red: the entry removes something. */
  danger?: boolean;
  shown(message: Message, context: MessageActionContext): boolean;
  run(message: Message, context: MessageActionContext): void;
}

export const messageActions: MessageAction[] = [
  {
    id: 'edit',
    label: 'Edit',
    shown: (m) => isEditable(m),
    run: (m) => useEdits.getState().startEdit(m),
  },
  {
    id: 'history',
    label: 'Show edit history',
    shown: (m) => !!m.edited && !m.retracted,
    run: (m) => useEdits.getState().openDialog({ kind: 'history', message: m }),
  },
  {
    id: 'retract',
    label: 'Delete for everyone',
    danger: true,
    shown: (m) => m.direction === 'out' && !m.retracted,
    run: (m) => useEdits.getState().openDialog({ kind: 'retract', message: m }),
  },
  {
    id: 'moderate',
    label: 'Remove as moderator',
    danger: true,
    // The room names a message by its own id: without one it cannot remove it.
    shown: (m, c) => c.canModerate && m.direction === 'in' && !m.retracted && m.stanzaId !== null,
    run: (m) => useEdits.getState().openDialog({ kind: 'moderate', message: m }),
  },
];
