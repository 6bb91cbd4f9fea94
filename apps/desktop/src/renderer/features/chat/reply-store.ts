import type { Message } from '@parley/contract';
import { create } from 'zustand';
import { chatKey } from '../ui/store';
import { useEdits } from './edits-store';
import { useChat } from './store';

/** The longest preview of the answered message shown above the composer. */
const PREVIEW_CHARS = 120;

interface ReplyState {
  /** Per conversation key: the message the composer answers (XEP-0461). */
  replying: Record<string, Message>;
  /**
   * The composer answers `message` on its next send. A correction under way is dropped first
   * (its text with it): the composer is in one mode at a time, so a reply never carries an
   * edit's text and an edit never goes out as a reply.
   */
  startReply(message: Message): void;
  stopReply(key: string): void;
}

export const useReplies = create<ReplyState>()((set) => ({
  replying: {},
  startReply: (message) => {
    const key = chatKey(message.accountId, message.peer);
    if (useEdits.getState().editing[key]) {
      useEdits.getState().stopEdit(key);
      useChat.getState().setDraft(key, '');
    }
    set((s) => ({ replying: { ...s.replying, [key]: message } }));
  },
  stopReply: (key) =>
    set((s) => {
      if (!(key in s.replying)) return s;
      const replying = { ...s.replying };
      delete replying[key];
      return { replying };
    }),
}));

/** One line of the answered message: its first text, or the file it shared. */
export function replyPreview(message: Message): string {
  if (message.attachment && message.body.trim() === message.attachment.url) {
    return message.attachment.name;
  }
  const line = message.body.trim().replace(/\s+/g, ' ');
  const chars = Array.from(line);
  return chars.length > PREVIEW_CHARS ? `${chars.slice(0, PREVIEW_CHARS).join('')}…` : line;
}
