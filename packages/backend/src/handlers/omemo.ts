import type { Accounts } from '../accounts.js';
import { englishText } from '@parley/contract';
import { HandlerError, textError, type HandlerMap } from '../handler-types.js';
import { SessionResetError } from '../runtime/omemo/omemo-session-reset.js';
import { conversationOf } from './messages.js';

type OmemoHandlers = Pick<
  HandlerMap,
  'omemo.conversation.get' | 'omemo.conversation.set' | 'omemo.session.reset'
>;

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
        throw textError('invalid-payload', 'omemo.private-chat');
      }
      // A group chat only when the room allows it (members-only, non-anonymous).
      const allowed = room ? choice.roomEligibility(target.peer) : null;
      if (encryption === 'omemo' && allowed && !allowed.eligible) {
        throw new HandlerError('invalid-payload', englishText(allowed.reason), allowed.reason);
      }
      return choice.set(target.peer, encryption, room);
    },
    'omemo.session.reset': async ({ accountId, jid, deviceId, version }) => {
      accounts.record(accountId);
      const runtime = accounts.runtime(accountId);
      const session = runtime.online;
      if (!session) throw new HandlerError('not-connected', 'The account is offline.');
      try {
        await runtime.omemo.resetSession(session, { jid, deviceId, version });
      } catch (error) {
        if (error instanceof SessionResetError) throw new HandlerError('failed', error.message);
        throw error;
      }
      return {};
    },
  };
}
