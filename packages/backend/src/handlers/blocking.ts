import type { JID } from '@parley/xmpp';
import type { Accounts } from '../accounts.js';
import { parseAddress } from '../addresses.js';
import { type HandlerMap, textError } from '../handler-types.js';
import type { RuntimeContext } from '../runtime/context.js';

type BlockingHandlers = Pick<
  HandlerMap,
  'blocking.list' | 'blocking.block' | 'blocking.unblock' | 'blocking.report'
>;

/** Blocking (XEP-0191) and spam reports (XEP-0377): see runtime/blocking. */
export function blockingHandlers(accounts: Accounts, { store }: RuntimeContext): BlockingHandlers {
  const runtimeOf = (accountId: string) => {
    accounts.record(accountId);
    return accounts.runtime(accountId);
  };
  return {
    'blocking.list': ({ accountId }) => runtimeOf(accountId).blocking.state(),
    'blocking.block': async ({ accountId, jids }) => {
      const runtime = runtimeOf(accountId);
      await runtime.blocking.block(
        runtime.requireOnline(),
        jids.map((j) => blockable(j, runtime.scope.ownJid)),
      );
      return runtime.blocking.state();
    },
    'blocking.unblock': async ({ accountId, jids }) => {
      const runtime = runtimeOf(accountId);
      await runtime.blocking.unblock(
        runtime.requireOnline(),
        jids.map((j) => blockable(j, runtime.scope.ownJid)),
      );
      return runtime.blocking.state();
    },
    'blocking.report': async ({ accountId, jid, reason, messageIds, text }) => {
      const runtime = runtimeOf(accountId);
      const address = blockable(jid, runtime.scope.ownJid);
      // Only its own messages to us, and only those our archive numbered, can be named.
      const stanzaIds: string[] = [];
      for (const id of messageIds) {
        const message = store.messages.get(accountId, id);
        if (!message || message.direction !== 'in') continue;
        const sender = parseAddress(message.peer);
        const sameSender = sender.local === address.local && sender.domain === address.domain;
        if (sameSender && message.stanzaId) stanzaIds.push(message.stanzaId);
      }
      const session = runtime.requireOnline();
      const reported = await runtime.blocking.report(session, address, { reason, stanzaIds, text });
      return { reported, state: runtime.blocking.state() };
    },
  };
}

/**
 * Any address may be blocked (a bare or full JID, or a whole domain), except our own account
 * and our own server: blocking those would cut the account off from itself.
 */
function blockable(text: string, ownJid: string): JID {
  const address = parseAddress(text);
  const own = parseAddress(ownJid);
  const ours = address.local
    ? address.local === own.local && address.domain === own.domain
    : address.domain === own.domain;
  if (ours) throw textError('invalid-payload', 'blocking.own');
  return address;
}
