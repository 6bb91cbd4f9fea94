import type { ChatState } from '@parley/contract';
import { chatKey } from '../ui/store';
import { useChat } from './store';

/**
 * A "composing" with nothing after it (the typist's client crashed, or went away without
 * saying so) would show "is typing…" forever. XEP-0085 §5.3 lets a receiver time it out:
 * without a fresh state for this long, the typist is taken as stopped. Parley itself repeats
 * "composing" every 5 s while one types; most clients send "paused" after a few seconds.
 */
export const TYPING_EXPIRY_MS = 30_000;

const timers = new Map<string, ReturnType<typeof setTimeout>>();

/** chatState.changed into the chat store, with the expiry above. */
export function applyChatState(
  accountId: string,
  peer: string,
  state: ChatState,
  nick: string | null,
): void {
  const key = `${chatKey(accountId, peer)}\u0000${nick ?? ''}`;
  const pending = timers.get(key);
  if (pending !== undefined) clearTimeout(pending);
  timers.delete(key);
  useChat.getState().setTyping(accountId, peer, state, nick);
  if (state !== 'composing') return;
  timers.set(
    key,
    setTimeout(() => {
      timers.delete(key);
      useChat.getState().setTyping(accountId, peer, 'paused', nick);
    }, TYPING_EXPIRY_MS),
  );
}
