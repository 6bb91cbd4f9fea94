import type { ConversationKind } from '@parley/contract';
import { normalizeBareJid, type Accounts } from '../accounts.js';
import { parseAddress, parseBareAddress } from '../addresses.js';
import { type HandlerMap, textError } from '../handler-types.js';
import type { RuntimeContext } from '../runtime/context.js';

/** Archive pages asked for by one scroll-back request at most. */
const maxArchiveRounds = 5;

type MessageHandlers = Pick<
  HandlerMap,
  | 'conversations.list'
  | 'conversations.open'
  | 'conversations.markRead'
  | 'conversations.setNotify'
  | 'messages.page'
  | 'messages.send'
  | 'chatStates.send'
  | 'messages.retry'
  | 'messages.react'
>;

/**
 * The conversation a peer address names: a room occupant's full JID is a private chat of its
 * own; everything else is the bare JID (a contact or a room).
 */
export function conversationOf(
  accounts: Accounts,
  accountId: string,
  peer: string,
): { peer: string; kind: ConversationKind } {
  const address = parseAddress(peer);
  if (!address.local) parseBareAddress(peer); // A server is no conversation: the same error.
  return accounts.runtime(accountId).rooms.conversationOf(address);
}

export function messageHandlers(
  accounts: Accounts,
  { store, bus }: RuntimeContext,
): MessageHandlers {
  return {
    'conversations.list': () => store.conversations.list(),
    'conversations.open': ({ accountId, peer }) => {
      accounts.record(accountId);
      const target = conversationOf(accounts, accountId, peer);
      const conversation = store.conversations.ensure(accountId, target.peer, null, target.kind);
      bus.emit('conversation.changed', conversation);
      return conversation;
    },
    'conversations.markRead': async ({ accountId, peer }) => {
      accounts.record(accountId);
      const target = conversationOf(accounts, accountId, peer).peer;
      const conversation = store.conversations.markRead(accountId, target);
      if (conversation) bus.emit('conversation.changed', conversation);
      // XEP-0333: the user has seen it; say so where markers are wanted.
      const runtime = accounts.runtime(accountId);
      const { kind } = conversationOf(accounts, accountId, peer);
      await runtime.pipeline.extras.markers.markRead(runtime.online, target, kind, (room) =>
        runtime.rooms.sharesTyping(room),
      );
      return { ok: true };
    },
    'conversations.setNotify': ({ accountId, peer, notify }) => {
      accounts.record(accountId);
      const target = conversationOf(accounts, accountId, peer);
      // Opened if need be, as conversations.open does: a chat can be muted before any message.
      const conversation = store.transaction(() => {
        store.conversations.ensure(accountId, target.peer, null, target.kind);
        return store.conversations.setNotify(accountId, target.peer, notify);
      });
      if (!conversation) throw new Error(`conversation ${accountId}/${target.peer} vanished`);
      bus.emit('conversation.changed', conversation);
      return conversation;
    },
    'messages.page': async ({ accountId, peer, before, limit }) => {
      accounts.record(accountId);
      const { peer: bare, kind } = conversationOf(accounts, accountId, peer);
      const runtime = accounts.runtime(accountId);
      let page = store.messages.page(accountId, bare, { beforeId: before, limit });
      // What the renderer shows: the failure reason, reactions, what a message answers, "seen".
      const shown = () =>
        runtime.pipeline.extras.decorate(page.messages.map((m) => runtime.messageErrors.view(m)));
      if (page.hasOlder || page.messages.length >= limit)
        return { messages: shown(), complete: false };
      // The store ran out: ask the server's archive for what is older than our oldest message.
      // An archive page can hold only receipts and other bodiless stanzas, so ask again (a few
      // times at most) until the page is full or the archive has nothing older.
      const session = runtime.online;
      if (!session) return { messages: shown(), complete: false };
      let complete = false;
      for (let round = 0; round < maxArchiveRounds && !complete; round++) {
        const older =
          kind === 'room'
            ? runtime.rooms.scrollBack(session, bare, limit)
            : runtime.history.scrollBack(session, bare, limit);
        complete = await older.catch((error: unknown) => {
          // Archive trouble must not break the local view; the next scroll asks again.
          console.warn(`[parley] archive scroll-back failed: ${String(error)}`);
          return false;
        });
        page = store.messages.page(accountId, bare, { beforeId: before, limit });
        if (page.hasOlder || page.messages.length >= limit) break;
      }
      return { messages: shown(), complete: complete && !page.hasOlder };
    },
    'messages.send': ({ accountId, peer, body, replyTo }) => {
      accounts.record(accountId);
      const runtime = accounts.runtime(accountId);
      const target = conversationOf(accounts, accountId, peer);
      if (body.trim() === '') throw textError('invalid-payload', 'message.empty');
      const { extras } = runtime.pipeline;
      // XEP-0461: checked before anything is stored; recorded with the message.
      const reply = replyTo
        ? extras.replies.prepare(target.peer, target.kind, replyTo, (m) => extras.wireIdOf(m))
        : null;
      // Stored first; sent now if online (and, for a room, joined), else when it is.
      return runtime.outbox.queue(target.peer, body, runtime.online, target.kind, null, (m) =>
        reply
          ? extras.replies.record(m, {
              ...reply,
              id: reply.target,
              to: reply.author,
              body,
              quote: reply.quote,
            })
          : m,
      );
    },
    'messages.react': async ({ accountId, peer, messageId, emojis }) => {
      accounts.record(accountId);
      const runtime = accounts.runtime(accountId);
      const target = conversationOf(accounts, accountId, peer);
      const { extras } = runtime.pipeline;
      const original = store.messages.get(accountId, messageId);
      const restrictions =
        target.kind === 'room' ? runtime.rooms.reactionRestrictions(target.peer) : null;
      return extras.reactions.react(runtime.online, {
        peer: target.peer,
        kind: target.kind,
        messageId,
        emojis,
        restrictions,
        wireId: original ? extras.wireIdOf(original) : null,
      });
    },
    'chatStates.send': async ({ accountId, peer, state }) => {
      const runtime = accounts.runtime(accountId);
      const target = conversationOf(accounts, accountId, peer);
      // The user turned typing notifications off for this account: nothing goes out.
      accounts.record(accountId);
      if (!store.settings.get('sendChatStates', accountId)) return { ok: true };
      if (!runtime.online) return { ok: true };
      if (target.kind === 'chat') {
        await runtime.sendChatState(normalizeBareJid(target.peer), state);
      } else if (target.kind === 'private') {
        // To the occupant (room/nick), while we are in the room that knows them.
        const room = target.peer.split('/', 1)[0] ?? '';
        if (runtime.rooms.live.get(room)?.state === 'joined') {
          await runtime.sendChatState(target.peer, state, 'private');
        }
      } else if (state !== 'gone' && runtime.rooms.sharesTyping(target.peer)) {
        // §5.5: never <gone/> in a room.
        await runtime.sendChatState(target.peer, state, 'groupchat');
      }
      return { ok: true };
    },
    'messages.retry': ({ accountId, peer, id }) => {
      accounts.record(accountId);
      const runtime = accounts.runtime(accountId);
      const target = conversationOf(accounts, accountId, peer);
      const message = store.messages.get(accountId, id);
      if (!message || message.peer !== target.peer) {
        throw textError('not-found', 'message.not-found');
      }
      if (message.direction !== 'out' || message.fromOtherDevice) {
        throw textError('conflict', 'message.not-from-here');
      }
      if (message.status !== 'failed') throw textError('conflict', 'message.not-failed');
      return runtime.messageErrors.retry(message, runtime.outbox, () => runtime.online);
    },
  };
}
