import type { Contact } from '@parley/contract';
import type { ContactRecord } from '@parley/store';
import type { PresenceTracker } from './presence-tracker.js';

/** `nicks`: contacts' published nicks (XEP-0172), shown where the roster has no name. */
export function toContactView(
  record: ContactRecord,
  presence: PresenceTracker,
  nicks?: Pick<ReadonlyMap<string, string>, 'get'>,
): Contact {
  const best = presence.best(record.jid);
  return {
    accountId: record.accountId,
    jid: record.jid,
    name: record.name,
    groups: record.groups,
    subscription: record.subscription,
    askSubscribe: record.askSubscribe,
    show: best.show,
    status: best.status,
    resources: presence.resources(record.jid),
    nick: nicks?.get(record.jid) ?? null,
  };
}
