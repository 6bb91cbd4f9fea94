import { normalizeBareJid, type Accounts } from '../accounts.js';
import type { HandlerMap } from '../handler-types.js';
import type { RuntimeContext } from '../runtime/context.js';
import { toContactView } from '../runtime/contact-view.js';

type RosterHandlers = Pick<
  HandlerMap,
  | 'roster.list'
  | 'roster.add'
  | 'roster.update'
  | 'roster.remove'
  | 'subscriptions.pending'
  | 'subscriptions.answer'
>;

export function rosterHandlers(accounts: Accounts, { store }: RuntimeContext): RosterHandlers {
  return {
    'roster.list': ({ accountId }) => {
      const { presence, nicks } = accounts.runtime(accountId).scope;
      return store.contacts.list(accountId).map((c) => toContactView(c, presence, nicks));
    },
    'roster.add': async ({ accountId, jid, name, groups }) => {
      const runtime = accounts.runtime(accountId);
      await runtime.roster.add(runtime.requireOnline(), normalizeBareJid(jid), name, groups);
      return { ok: true };
    },
    'roster.update': async ({ accountId, jid, name, groups }) => {
      const runtime = accounts.runtime(accountId);
      await runtime.roster.update(runtime.requireOnline(), normalizeBareJid(jid), name, groups);
      return { ok: true };
    },
    'roster.remove': async ({ accountId, jid }) => {
      const runtime = accounts.runtime(accountId);
      await runtime.roster.remove(runtime.requireOnline(), normalizeBareJid(jid));
      return { ok: true };
    },
    'subscriptions.pending': () => store.pendingSubscriptions.list(),
    'subscriptions.answer': async ({ accountId, jid, accept, name }) => {
      const runtime = accounts.runtime(accountId);
      const peer = normalizeBareJid(jid);
      await runtime.presenceHandler.answer(runtime.requireOnline(), peer, accept, name);
      return { ok: true };
    },
  };
}
