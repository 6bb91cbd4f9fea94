import {
  bareOf,
  buildRosterSet,
  buildSubscription,
  jid,
  parsePresence,
  type CapsInfo,
  type Element,
  type JID,
  type Session,
} from '@parley/xmpp';
import type { ResourcePresence } from '@parley/contract';
import { ownNick, type AccountScope } from './account-scope.js';
import { capsKey, type CallCaps } from './calls/call-caps.js';
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
  /** The caps each tracked resource announced: a late disco answer must still match them. */
  private readonly capsOf = new WeakMap<ResourcePresence, CapsInfo>();

  constructor(
    private readonly scope: AccountScope,
    private readonly roster: RosterSync,
    private readonly callCaps: CallCaps | null = null,
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
      const callMedia = this.callCaps?.media(presence.caps);
      const resource: ResourcePresence = {
        resource: from.resource || '',
        show: presence.show,
        status: presence.status,
        priority: presence.priority,
        ...(callMedia && { callMedia }),
      };
      this.scope.presence.update(bare, resource);
      this.roster.presenceChanged(bare);
      if (presence.caps && !callMedia && presence.show !== 'offline') {
        this.capsOf.set(resource, presence.caps);
        this.learnCalls(session, from, bare, resource.resource, presence.caps);
      }
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

  /** The device's call media once its caps are known, if it still announces the same ones. */
  private learnCalls(
    session: Session,
    from: JID,
    bare: string,
    resource: string,
    caps: CapsInfo,
  ): void {
    this.callCaps?.learn(session, from, caps, () => {
      // The device may have sent presence again meanwhile: only the same caps count.
      const current = this.scope.presence.resources(bare).find((r) => r.resource === resource);
      const now = current && this.capsOf.get(current);
      const callMedia = this.callCaps?.media(caps);
      if (!current || !now || capsKey(now) !== capsKey(caps) || !callMedia) return;
      this.scope.presence.update(bare, { ...current, callMedia });
      this.roster.presenceChanged(bare);
    });
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
