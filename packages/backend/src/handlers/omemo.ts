import type { Accounts } from '../accounts.js';
import { HandlerError, type HandlerMap } from '../handler-types.js';
import { conversationOf } from './messages.js';

type OmemoHandlers = Pick<HandlerMap, 'omemo.conversation.get' | 'omemo.conversation.set'>;

/** The chat header's lock: read (deciding the default once) and set by the user. */
export function omemoHandlers(accounts: Accounts): OmemoHandlers {
  return {
    'omemo.conversation.get': async ({ accountId, peer }) => {
      accounts.record(accountId);
      const target = conversationOf(accounts, accountId, peer);
      const runtime = accounts.runtime(accountId);
      const room = target.kind !== 'chat';
      const session = runtime.online;
      // Opening a chat is when the default is decided: know the contact's devices first.
      if (!room && session && runtime.omemoChoice.enabled) {
        await runtime.omemo.devices.devicesOf((iq) => session.iq(iq), target.peer).catch(() => {});
      }
      return runtime.omemoChoice.decide(target.peer, room);
    },
    'omemo.conversation.set': ({ accountId, peer, encryption }) => {
      accounts.record(accountId);
      const target = conversationOf(accounts, accountId, peer);
      if (encryption === 'omemo' && target.kind !== 'chat') {
        throw new HandlerError('invalid-payload', 'OMEMO in group chats is not available yet');
      }
      return accounts.runtime(accountId).omemoChoice.set(target.peer, encryption);
    },
  };
}
