import type { Conversation } from '@parley/contract';
import { SearchCursorError } from '@parley/store';
import type { Accounts } from '../accounts.js';
import { HandlerError, type HandlerMap } from '../handler-types.js';
import type { RuntimeContext } from '../runtime/context.js';
import { conversationOf } from './messages.js';

/**
 * How far back `messages.context` reaches in one answer: the timeline holds everything from the
 * newest message down to the one opened, and more than this is not a view but a memory problem.
 */
export const MAX_CONTEXT_DISTANCE = 10_000;

/**
 * The conversation `peer` names, as the chat view pages it (a room occupant's full JID stays
 * whole). An address that does not parse is the caller's error, answered as such.
 */
function conversationPeer(accounts: Accounts, accountId: string, peer: string): string {
  return conversationOf(accounts, accountId, peer).peer;
}

type SearchHandlers = Pick<HandlerMap, 'messages.search' | 'messages.context'>;

export function searchHandlers(accounts: Accounts, { store }: RuntimeContext): SearchHandlers {
  return {
    'messages.search': ({ text, accountId, peer, before, limit }) => {
      if (accountId !== null) accounts.record(accountId);
      const where =
        peer !== null && accountId !== null ? conversationPeer(accounts, accountId, peer) : null;
      let page;
      try {
        page = store.messageSearch.search({ text, accountId, peer: where, before, limit });
      } catch (error) {
        if (error instanceof SearchCursorError) {
          throw new HandlerError(
            'invalid-payload',
            'messages.search: before is not a cursor from a previous page',
          );
        }
        throw error;
      }
      const conversations = new Map<string, Conversation | null>();
      const conversationFor = (accountId: string, peer: string): Conversation | null => {
        const key = `${accountId}\n${peer}`;
        if (!conversations.has(key))
          conversations.set(key, store.conversations.get(accountId, peer));
        return conversations.get(key) ?? null;
      };
      return {
        hits: page.hits.map(({ message, ranges }) => ({
          message,
          conversation: conversationFor(message.accountId, message.peer),
          ranges,
        })),
        next: page.next,
        unindexed: page.unindexed,
      };
    },
    'messages.context': ({ accountId, peer, id, before, context }) => {
      accounts.record(accountId);
      const target = conversationPeer(accounts, accountId, peer);
      const distance = store.messageContext.distance(accountId, target, id, before);
      if (distance === null) {
        throw new HandlerError('not-found', 'That message is not in this conversation’s history');
      }
      if (distance > MAX_CONTEXT_DISTANCE) {
        throw new HandlerError(
          'failed',
          `That message is more than ${MAX_CONTEXT_DISTANCE.toLocaleString('en')} messages back`,
        );
      }
      const page = store.messages.page(accountId, target, {
        beforeId: before,
        limit: distance + context,
      });
      // Older pages come as usual through messages.page (which also asks the server's archive).
      return { messages: page.messages, complete: false };
    },
  };
}
