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
      const choice = accounts.runtime(accountId).omemoChoice;
      const room = target.kind !== 'chat';
      if (encryption === 'omemo' && target.kind !== 'chat' && target.kind !== 'room') {
        throw new HandlerError(
          'invalid-payload',
          'OMEMO in private messages through a room is not available',
        );
      }
      // A group chat only when the room allows it (members-only, non-anonymous).
      const allowed = room ? choice.roomEligibility(target.peer) : null;
      if (encryption === 'omemo' && allowed && !allowed.eligible) {
        throw new HandlerError('invalid-payload', allowed.reason);
      }
      return choice.set(target.peer, encryption, room);
    },
  };
}
