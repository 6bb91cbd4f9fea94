import { errorText, getClient } from '../../app/client';
import { loadLatest, openChat } from '../chat/actions';
import { useChat } from '../chat/store';
import { chatKey } from '../ui/store';
import { useSearchUi } from './store';

/** Messages of context loaded above the one opened. */
const CONTEXT = 20;
/** How long to wait for a page already being loaded. */
const SETTLE_MS = 15_000;

/** Resolves once the conversation's timeline is not loading (or after SETTLE_MS). */
function settled(key: string): Promise<void> {
  const loading = () => useChat.getState().timelines[key]?.loading === true;
  if (!loading()) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    const timer = setTimeout(done, SETTLE_MS);
    const unsubscribe = useChat.subscribe(() => {
      if (!loading()) done();
    });
  });
}

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
    // The chat view may have asked for the newest page first: let it land, so the context
    // page joins it instead of racing it.
    await settled(key);
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
