import {
  bareOf,
  buildRosterSet,
  buildSubscription,
  jid,
  parsePresence,
  type Element,
  type Session,
} from '@parley/xmpp';
import { ownNick, type AccountScope } from './account-scope.js';
import type { RosterSync } from './roster-sync.js';
import { PRIORITY, type StanzaRouter } from './stanza-router.js';

/**
 * Open subscription requests kept per account. Anyone may ask; past this many, new requests are
 * neither stored nor announced until the user answers some (a pending one still updates).
 */
export const MAX_PENDING_SUBSCRIPTIONS = 200;

/**
 * Contact presence (RFC 6121 §4) and incoming subscription requests (§3). Presence is tracked
 * for roster contacts only: a stranger's presence costs one lookup and is dropped.
 */
export class PresenceHandler {
  constructor(
    private readonly scope: AccountScope,
    private readonly roster: RosterSync,
  ) {}

  /** Contact presence, after the rooms took their occupants' presence. */
  register(router: StanzaRouter): void {
    router.register({
      name: 'contact-presence',
      kind: 'presence',
      priority: PRIORITY.presence,
      handle: (session, stanza) => this.handleStanza(session, stanza),
    });
  }

  handleStanza(session: Session, stanza: Element): boolean {
    if (stanza.name !== 'presence') return false;
    const presence = parsePresence(stanza);
    if (!presence) return true;
    if (presence.kind === 'availability') {
      const from = jid(presence.from);
      const bare = bareOf(from);
      if (bare === this.scope.ownJid) return true; // Our other clients: not a contact.
      // Not in the roster: nobody shows it, and keeping it would let anyone grow our memory.
      if (!this.scope.store.contacts.get(this.scope.accountId, bare)) return true;
      this.scope.presence.update(bare, {
        resource: from.resource || '',
        show: presence.show,
        status: presence.status,
        priority: presence.priority,
      });
      this.roster.presenceChanged(bare);
    } else if (presence.kind === 'subscription' && presence.type === 'subscribe') {
      const { store, accountId, bus } = this.scope;
      const contact = store.contacts.get(accountId, presence.from);
      if (
        contact &&
        (contact.askSubscribe || contact.subscription === 'to' || contact.subscription === 'both')
      ) {
        // We asked for their presence (or have it): their request completes a mutual
        // subscription the user already chose, as Conversations and Dino do.
        void session.send(buildSubscription(presence.from, 'subscribed')).catch(() => {});
        return true;
      }
      const name = presence.nick ?? null;
      const outcome = store.pendingSubscriptions.add(
        accountId,
        presence.from,
        name,
        MAX_PENDING_SUBSCRIPTIONS,
      );
      // One event per new request (or new name): a repeated request costs no IPC.
      if (outcome === 'added' || outcome === 'updated') {
        bus.emit('subscription.requested', { accountId, jid: presence.from, name });
      }
    } else if (presence.kind === 'subscription' && presence.type === 'unsubscribe') {
      // They withdrew their request or subscription: nothing left to answer.
      this.resolve(presence.from);
    }
    return true;
  }

  /**
   * `name` is the roster name the user chose. The nickname the requester announced (XEP-0172)
   * is their own choice, shown as a hint only: used as the roster name, a stranger could
   * call itself "Boss" in the contact list.
   */
  async answer(session: Session, peer: string, accept: boolean, name = ''): Promise<void> {
    if (accept) {
      await session.send(buildSubscription(peer, 'subscribed'));
      // Accepting means a mutual subscription, as users of Gajim and Dino expect.
      const { store, accountId } = this.scope;
      const contact = store.contacts.get(accountId, peer);
      if (!contact) await session.iq(buildRosterSet({ jid: peer, name }));
      if (
        !contact ||
        (contact.subscription !== 'to' && contact.subscription !== 'both' && !contact.askSubscribe)
      ) {
        await session.send(buildSubscription(peer, 'subscribe', ownNick(this.scope)));
      }
    } else {
      await session.send(buildSubscription(peer, 'unsubscribed'));
    }
    this.resolve(peer);
  }

  /** Everyone is offline to us once our session is gone. */
  reset(): void {
    const contacts = this.scope.presence.contacts();
    this.scope.presence.clear();
    for (const bare of contacts) this.roster.presenceChanged(bare);
  }

  private resolve(peer: string): void {
    const { store, accountId, bus } = this.scope;
    if (store.pendingSubscriptions.remove(accountId, peer)) {
      bus.emit('subscription.resolved', { accountId, jid: peer });
    }
  }
}
