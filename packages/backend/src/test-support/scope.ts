import type { Store } from '@parley/store';
import { newAccount, openTempStore, type TempStore } from '../../../store/src/test-support.js';
import { EventBus } from '../event-bus.js';
import type { AccountScope } from '../runtime/account-scope.js';
import { PresenceTracker } from '../runtime/presence-tracker.js';

/** One account's scope over a test store, for unit tests of a runtime module. */
export function testScope(
  store: Store,
  accountId: string,
  ownJid: string,
  bus: EventBus = new EventBus(true),
): AccountScope {
  return {
    accountId,
    ownJid,
    store,
    bus,
    presence: new PresenceTracker(),
    mamPageSize: 50,
    catchUpOverlapMs: 0,
  };
}

/**
 * A fresh encrypted store holding one account and one contact who sees our presence both ways:
 * the starting point of the pipeline's unit tests.
 */
export function storeWithContact(accountId: string, contact: string, name = 'Friend'): TempStore {
  const temp = openTempStore();
  temp.store.accounts.insert(newAccount(accountId));
  temp.store.contacts.upsert(accountId, {
    jid: contact,
    name,
    groups: [],
    subscription: 'both',
    askSubscribe: false,
  });
  return temp;
}
