import {
  buildIqError,
  buildIqResult,
  buildRosterGet,
  buildRosterRemove,
  buildRosterSet,
  buildSubscription,
  parseRosterPush,
  parseRosterResult,
  type Element,
  type RosterPush,
  type Session,
} from '@parley/xmpp';
import type { Contact } from '@parley/contract';
import { ownNick, type AccountScope } from './account-scope.js';
import { toContactView } from './contact-view.js';
import { PRIORITY, type StanzaRouter } from './stanza-router.js';

/**
 * RFC 6121 roster: fetch (with XEP-0237 versioning) after a fresh login, apply pushes,
 * and roster edits by the user. The store is the record; events carry only what changed.
 */
export class RosterSync {
  private pendingUpserts = new Map<string, Contact>();
  private pendingRemovals = new Set<string>();
  private flushScheduled = false;
  private pushesDuringFetch: RosterPush[] | null = null;

  constructor(private readonly scope: AccountScope) {}

  async fetch(session: Session): Promise<void> {
    const { store, accountId } = this.scope;
    const version = store.accounts.get(accountId)?.rosterVersion ?? null;
    // Pushes parsed in the same read as the result are handled before this await resumes;
    // they are newer than the result, so they are applied again on top of it.
    this.pushesDuringFetch = [];
    let result: ReturnType<typeof parseRosterResult>;
    try {
      result = parseRosterResult(
        await session.iq(buildRosterGet(version ?? '')),
        this.scope.ownJid,
      );
    } catch (error) {
      this.pushesDuringFetch = null;
      throw error;
    }
    const newer = this.pushesDuringFetch;
    this.pushesDuringFetch = null;
    // An empty result means "your cached roster is current" (XEP-0237 §5); pushes follow.
    if (!result) return;
    const before = new Set(store.contacts.list(accountId).map((c) => c.jid));
    store.transaction(() => {
      store.contacts.replaceAll(accountId, result.items, result.version);
      for (const push of newer) this.applyPush(push);
    });
    for (const contact of store.contacts.list(accountId)) before.delete(contact.jid);
    for (const gone of before) this.scope.presence.clear(gone);
    this.emitAll([...before]);
  }

  /** Roster pushes (RFC 6121 §2.1.6) before the generic answers to service iqs. */
  register(router: StanzaRouter): void {
    router.register({
      name: 'roster-push',
      kind: 'iq',
      priority: PRIORITY.roster,
      handle: (session, iq) => this.handlePush(session, iq),
    });
  }

  /** Returns true when the stanza was a roster push (answered either way). */
  handlePush(session: Session, iq: Element): boolean {
    const push = parseRosterPush(iq, this.scope.ownJid);
    if (push === null) return false;
    if ('rejected' in push) {
      // A push from anyone but our own server (CVE-2015-8688 class): refuse it, change nothing.
      const error = buildIqError(
        iq,
        push.rejected === 'forged' ? 'forbidden' : 'bad-request',
        'modify',
      );
      if (error) void session.send(error).catch(() => {});
      return true;
    }
    this.pushesDuringFetch?.push(push);
    this.applyPush(push);
    const result = buildIqResult(iq);
    if (result) void session.send(result).catch(() => {});
    return true;
  }

  private applyPush(push: RosterPush): void {
    const { store, accountId } = this.scope;
    if (push.removed) {
      store.contacts.remove(accountId, push.item.jid);
      this.scope.presence.clear(push.item.jid);
      this.queue({ removed: push.item.jid });
    } else {
      const record = store.contacts.upsert(accountId, push.item);
      this.queue({ contact: toContactView(record, this.scope.presence, this.scope.nicks) });
    }
    if (push.version !== null) store.accounts.setRosterVersion(accountId, push.version);
  }

  async add(session: Session, jid: string, name: string, groups: string[]): Promise<void> {
    await session.iq(buildRosterSet({ jid, name, groups }));
    // RFC 6121 §3.1.1: ask for their presence; Gajim and Dino do both in one step.
    await session.send(buildSubscription(jid, 'subscribe', ownNick(this.scope)));
  }

  async update(session: Session, jid: string, name: string, groups: string[]): Promise<void> {
    await session.iq(buildRosterSet({ jid, name, groups }));
  }

  async remove(session: Session, jid: string): Promise<void> {
    await session.iq(buildRosterRemove(jid));
  }

  /** A presence change for this contact: coalesced so a login burst is one event. */
  presenceChanged(jid: string): void {
    const record = this.scope.store.contacts.get(this.scope.accountId, jid);
    if (record)
      this.queue({ contact: toContactView(record, this.scope.presence, this.scope.nicks) });
  }

  emitAll(removed: string[] = []): void {
    const { store, accountId, presence, nicks } = this.scope;
    this.scope.bus.emit('roster.changed', {
      accountId,
      upserted: store.contacts.list(accountId).map((c) => toContactView(c, presence, nicks)),
      removed,
    });
  }

  private queue(change: { contact: Contact } | { removed: string }): void {
    if ('contact' in change) {
      this.pendingRemovals.delete(change.contact.jid);
      this.pendingUpserts.set(change.contact.jid, change.contact);
    } else {
      this.pendingUpserts.delete(change.removed);
      this.pendingRemovals.add(change.removed);
    }
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.pendingUpserts.size === 0 && this.pendingRemovals.size === 0) return;
    const upserted = [...this.pendingUpserts.values()];
    const removed = [...this.pendingRemovals];
    this.pendingUpserts.clear();
    this.pendingRemovals.clear();
    this.scope.bus.emit('roster.changed', { accountId: this.scope.accountId, upserted, removed });
  }
}
