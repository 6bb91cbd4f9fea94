import { bestPresence } from '@parley/xmpp';
import type { ResourcePresence, Show } from '@parley/contract';

/**
 * Resources kept per contact. A contact's server decides how many resources it announces; past
 * this many the longest-known one makes room (a real account has a handful of clients).
 */
export const MAX_RESOURCES_PER_CONTACT = 32;

/**
 * Live presence per contact resource; presence is never stored, it is rebuilt on login. Only
 * roster contacts are tracked (the presence handler checks), so the number of entries is
 * bounded by the roster times MAX_RESOURCES_PER_CONTACT.
 */
export class PresenceTracker {
  private readonly byContact = new Map<string, Map<string, ResourcePresence>>();

  update(bareJid: string, presence: ResourcePresence): void {
    let resources = this.byContact.get(bareJid);
    if (presence.show === 'offline') {
      resources?.delete(presence.resource);
      if (resources?.size === 0) this.byContact.delete(bareJid);
      return;
    }
    if (!resources) this.byContact.set(bareJid, (resources = new Map()));
    // Re-inserted so that Map order is "least recently announced first".
    resources.delete(presence.resource);
    resources.set(presence.resource, presence);
    while (resources.size > MAX_RESOURCES_PER_CONTACT) {
      const oldest = resources.keys().next().value as string;
      resources.delete(oldest);
    }
  }

  /** Everyone went offline with us (disconnect) or the contact was removed. */
  clear(bareJid?: string): void {
    if (bareJid === undefined) this.byContact.clear();
    else this.byContact.delete(bareJid);
  }

  resources(bareJid: string): ResourcePresence[] {
    return [...(this.byContact.get(bareJid)?.values() ?? [])];
  }

  /** RFC 6121 §8.5.3: the highest priority resource wins; ties go to the most available. */
  best(bareJid: string): { show: Show; status: string } {
    const best = bestPresence(this.resources(bareJid));
    return best ? { show: best.show, status: best.status } : { show: 'offline', status: '' };
  }

  contacts(): string[] {
    return [...this.byContact.keys()];
  }
}
