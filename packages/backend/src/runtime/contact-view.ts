import type { Contact } from '@parley/contract';
import type { ContactRecord } from '@parley/store';
import type { PresenceTracker } from './presence-tracker.js';

export function toContactView(record: ContactRecord, presence: PresenceTracker): Contact {
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
  };
}
