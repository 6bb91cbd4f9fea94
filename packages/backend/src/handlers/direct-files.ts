import type { Accounts } from '../accounts.js';
import type { HandlerMap } from '../handler-types.js';
import type { RuntimeContext } from '../runtime/context.js';
import { conversationOf } from './messages.js';

type DirectFileHandlers = Pick<
  HandlerMap,
  'files.sendDirect' | 'files.directSupport' | 'files.decline'
>;

/**
 * Peer-to-peer file transfer (XEP-0234); the work is in runtime/files/direct. files.download
 * accepts a direct offer (handlers/files.ts hands it on).
 */
export function directFileHandlers(accounts: Accounts, _ctx: RuntimeContext): DirectFileHandlers {
  return {
    'files.sendDirect': ({ accountId, peer, files }) => {
      accounts.record(accountId);
      const target = conversationOf(accounts, accountId, peer);
      return accounts.runtime(accountId).directFiles.send(target.peer, files);
    },
    'files.directSupport': ({ accountId, peer }) => {
      accounts.record(accountId);
      const target = conversationOf(accounts, accountId, peer);
      return accounts.runtime(accountId).directFiles.support(target.peer);
    },
    'files.decline': async ({ accountId, messageId }) => {
      accounts.record(accountId);
      await accounts.runtime(accountId).directFiles.decline(messageId);
      return { ok: true };
    },
  };
}
