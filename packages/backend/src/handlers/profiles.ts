import { parseJid } from '@parley/xmpp';
import { normalizeBareJid, type Accounts } from '../accounts.js';
import { HandlerError, type HandlerMap } from '../handler-types.js';

type ProfileHandlers = Pick<
  HandlerMap,
  'profile.get' | 'profile.set' | 'contact.resource.info' | 'contact.lastActivity'
>;

/** Profiles and the contact details dialog's queries (each bounded, errors per field). */
export function profileHandlers(accounts: Accounts): ProfileHandlers {
  const online = (accountId: string) => {
    accounts.record(accountId);
    const runtime = accounts.runtime(accountId);
    return { runtime, session: runtime.requireOnline() };
  };
  return {
    'profile.get': ({ accountId, jid }) => {
      const { runtime, session } = online(accountId);
      return runtime.profiles.get(session, normalizeBareJid(jid));
    },
    'profile.set': async ({ accountId, profile, access }) => {
      const { runtime, session } = online(accountId);
      const { vcardTempError } = await runtime.profiles.publish(session, profile, access);
      return { ok: true as const, vcardTempError };
    },
    'contact.resource.info': ({ accountId, jid, resource }) => {
      const { runtime, session } = online(accountId);
      const full = parseJid(`${normalizeBareJid(jid)}/${resource}`);
      if (!full) throw new HandlerError('invalid-payload', 'not a valid resource');
      return runtime.profiles.resourceInfo(session, full.toString());
    },
    'contact.lastActivity': ({ accountId, jid }) => {
      const { runtime, session } = online(accountId);
      return runtime.profiles.lastActivity(session, normalizeBareJid(jid));
    },
  };
}
