import type { Message } from '@parley/contract';
import { create } from 'zustand';
import { chatKey } from '../ui/store';
import { useChat } from './store';

/** A dialog about one message: its edit history, or confirming a retraction or moderation. */
export interface MessageDialog {
  kind: 'history' | 'retract' | 'moderate';
  message: Message;
}

interface EditsState {
  /** Per conversation key: the id of our message the composer is correcting. */
  editing: Record<string, string>;
  dialog: MessageDialog | null;
  /** The composer takes the message's text and, on Enter, corrects it instead of sending. */
  startEdit(message: Message): void;
  stopEdit(key: string): void;
  openDialog(dialog: MessageDialog): void;
  closeDialog(): void;
}

export const useEdits = create<EditsState>()((set) => ({
  editing: {},
  dialog: null,
  startEdit: (message) => {
    const key = chatKey(message.accountId, message.peer);
    useChat.getState().setDraft(key, message.body);
    set((s) => ({ editing: { ...s.editing, [key]: message.id } }));
  },
  stopEdit: (key) =>
    set((s) => {
      if (!(key in s.editing)) return s;
      const editing = { ...s.editing };
      delete editing[key];
      return { editing };
    }),
  openDialog: (dialog) => set({ dialog }),
  closeDialog: () => set({ dialog: null }),
}));

/** Our newest message of a loaded conversation that can still be corrected (Up to edit). */
export function lastEditable(messages: readonly Message[]): Message | null {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m && m.direction === 'out' && isEditable(m)) return m;
  }
  return null;
}

/** Ours, with text, not a file, not deleted. */
export function isEditable(message: Message): boolean {
  return (
    message.direction === 'out' &&
    !message.retracted &&
    !message.attachment &&
    message.body.trim() !== ''
  );
}
