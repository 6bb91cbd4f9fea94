import type { KeyboardEvent } from 'react';
import { getClient } from '../../app/client';
import { chatKey } from '../ui/store';
import { lastEditable, useEdits } from './edits-store';
import { useChat } from './store';

/**
 * The composer's correction mode: Up in an empty composer takes our last message of this
 * conversation (as Gajim, Dino and Conversations do); Enter then corrects it; Esc cancels.
 */
export function useEditKeys(accountId: string, peer: string) {
  const key = chatKey(accountId, peer);
  const editing = useEdits((s) => s.editing[key] ?? null);

  const cancel = (): void => {
    useEdits.getState().stopEdit(key);
    useChat.getState().setDraft(key, '');
  };

  /** True when the key was ours (the composer then does nothing else with it). */
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>, draft: string): boolean => {
    if (event.nativeEvent.isComposing || event.altKey || event.ctrlKey || event.metaKey) {
      return false;
    }
    if (event.key === 'Escape' && editing) {
      event.preventDefault();
      cancel();
      return true;
    }
    if (event.key === 'ArrowUp' && !event.shiftKey && draft === '' && !editing) {
      const messages = useChat.getState().timelines[key]?.messages ?? [];
      const last = lastEditable(messages);
      if (!last) return false;
      event.preventDefault();
      useEdits.getState().startEdit(last);
      return true;
    }
    return false;
  };

  /** Sends the correction; the edit mode ends once the backend took it. */
  const correct = async (body: string): Promise<void> => {
    if (!editing) return;
    const updated = await getClient().call('messages.correct', {
      accountId,
      peer,
      messageId: editing,
      body,
    });
    useChat.getState().update(updated);
    useEdits.getState().stopEdit(key);
  };

  return { editing, onKeyDown, correct };
}
