import { jid } from '@parley/xmpp';
import type { Store } from '@parley/store';
import type { EventBus } from '../event-bus.js';
import type { PresenceTracker } from './presence-tracker.js';
import type { NickBook } from './profiles/nick-book.js';

/** One account's slice of the backend, handed to each of its parts. */
export interface AccountScope {
  accountId: string;
  /** The account's bare JID, normalized. */
  ownJid: string;
  store: Store;
  bus: EventBus;
  presence: PresenceTracker;
  /** Contacts' published nicks (XEP-0172). */
  nicks?: NickBook;
  mamPageSize: number;
  /** How far before the account was added the first catch-up starts (clock skew margin). */
  catchUpOverlapMs: number;
}

/**
 * The nickname we announce with a subscription request (XEP-0172), so the other side sees a
 * name rather than an address: the local part of our JID, as Gajim does by default.
 */
export function ownNick(scope: AccountScope): string {
  return jid(scope.ownJid).local;
}
