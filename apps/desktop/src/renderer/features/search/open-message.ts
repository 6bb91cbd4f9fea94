import { errorText, getClient } from '../../app/client';
import { loadLatest, openChat } from '../chat/actions';
import { useChat } from '../chat/store';
import { chatKey } from '../ui/store';
import { useSearchUi } from './store';

/** Messages of context loaded above the one opened. */
const CONTEXT = 20;

/**
 * Opens a message's conversation with the message in view and marked: the history between
 * what is loaded and the message is paged in first (one messages.context call), so the timeline
 * stays one contiguous run from the newest message down.
 * @returns null when shown, else words for the user (e.g. the message is no longer stored)
 */
export async function openMessage(
  accountId: string,
  peer: string,
  id: string,
): Promise<string | null> {
  const key = chatKey(accountId, peer);
  try {
    await openChat(accountId, peer);
    await loadLatest(accountId, peer);
    const timeline = useChat.getState().timelines[key];
    const loaded = timeline?.messages ?? [];
    if (!loaded.some((m) => m.id === id)) {
      const page = await getClient().call('messages.context', {
        accountId,
        peer,
        id,
        before: loaded[0]?.id ?? null,
        context: CONTEXT,
      });
      useChat.getState().prepend(key, page.messages, page.complete);
    }
    useSearchUi.getState().setFocus(key, id);
    return null;
  } catch (error) {
    return errorText(error);
  }
}
