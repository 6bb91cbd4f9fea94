import { normalizeBareJid, type Accounts } from '../accounts.js';
import { HandlerError, type HandlerMap } from '../handler-types.js';
import type { RuntimeContext } from '../runtime/context.js';

/** Archive pages asked for by one scroll-back request at most. */
const maxArchiveRounds = 5;

type MessageHandlers = Pick<
  HandlerMap,
  | 'conversations.list'
  | 'conversations.open'
  | 'conversations.markRead'
  | 'messages.page'
  | 'messages.send'
  | 'chatStates.send'
>;

export function messageHandlers(
  accounts: Accounts,
  { store, bus }: RuntimeContext,
): MessageHandlers {
  return {
    'conversations.list': () => store.conversations.list(),
    'conversations.open': ({ accountId, peer }) => {
      accounts.record(accountId);
      const bare = normalizeBareJid(peer);
      const conversation = store.conversations.ensure(accountId, bare, null);
      bus.emit('conversation.changed', conversation);
      return conversation;
    },
    'conversations.markRead': ({ accountId, peer }) => {
      const conversation = store.conversations.markRead(accountId, normalizeBareJid(peer));
      if (conversation) bus.emit('conversation.changed', conversation);
      return { ok: true };
    },
    'messages.page': async ({ accountId, peer, before, limit }) => {
      const bare = normalizeBareJid(peer);
      const runtime = accounts.runtime(accountId);
      let page = store.messages.page(accountId, bare, { beforeId: before, limit });
      if (page.hasOlder || page.messages.length >= limit)
        return { messages: page.messages, complete: false };
      // The store ran out: ask the server's archive for what is older than our oldest message.
      // An archive page can hold only receipts and other bodiless stanzas, so ask again (a few
      // times at most) until the page is full or the archive has nothing older.
      const session = runtime.online;
      if (!session) return { messages: page.messages, complete: false };
      let complete = false;
      for (let round = 0; round < maxArchiveRounds && !complete; round++) {
        complete = await runtime.history
          .scrollBack(session, bare, limit)
          .catch((error: unknown) => {
            // Archive trouble must not break the local view; the next scroll asks again.
            console.warn(`[parley] archive scroll-back failed: ${String(error)}`);
            return false;
          });
        page = store.messages.page(accountId, bare, { beforeId: before, limit });
        if (page.hasOlder || page.messages.length >= limit) break;
      }
      return { messages: page.messages, complete: complete && !page.hasOlder };
    },
    'messages.send': ({ accountId, peer, body }) => {
      const runtime = accounts.runtime(accountId);
      const bare = normalizeBareJid(peer);
      if (body.trim() === '') throw new HandlerError('invalid-payload', 'The message is empty');
      // Stored first; sent now if online, else on the next connection.
      return runtime.outbox.queue(bare, body, runtime.online);
    },
    'chatStates.send': async ({ accountId, peer, state }) => {
      const runtime = accounts.runtime(accountId);
      if (runtime.online) await runtime.sendChatState(normalizeBareJid(peer), state);
      return { ok: true };
    },
  };
}
