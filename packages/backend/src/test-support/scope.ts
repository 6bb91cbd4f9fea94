import type { Store } from '@parley/store';
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
