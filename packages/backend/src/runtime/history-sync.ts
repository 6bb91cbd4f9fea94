import {
  NS_MAM,
  buildDiscoInfoQuery,
  parseDiscoInfo,
  type Element,
  type Session,
} from '@parley/xmpp';
import type { AccountScope } from './account-scope.js';
import { ArchivePages, type FetchedPage, type PageQuery } from './archive-pages.js';
import type { MessagePipeline } from './message-pipeline.js';

/** Bounds a catch-up so a hostile or huge archive cannot keep us paging forever. */
const maxCatchUpPages = 2_000;

/**
 * XEP-0313 history: catch-up from the newest archive id we hold (paging forward by the
 * archive's stanza-id, never by time), and scroll-back for one conversation.
 */
export class HistorySync {
  readonly pages: ArchivePages;
  private readonly exhausted = new Set<string>();
  private readonly oldestArchiveId = new Map<string, string>();
  /** Whether the server keeps an archive for us; null until the first catch-up asked. */
  private supported: boolean | null = null;

  constructor(
    private readonly scope: AccountScope,
    pipeline: MessagePipeline,
  ) {
    this.pages = new ArchivePages(scope, pipeline);
  }

  handleStanza(stanza: Element): boolean {
    return this.pages.handleStanza(stanza);
  }

  /**
   * On each fresh session: fetch everything archived since the newest archive id we hold,
   * paging forward by that id. Before the first id is known, page forward from the time the
   * account was added (with an overlap for clock skew; duplicates are dropped by stanza-id).
   * The next page is requested before the current one is stored, so the server and the store
   * work at the same time; the cursor only moves once a page is stored, so nothing is skipped
   * if the link drops.
   */
  async catchUp(session: Session): Promise<void> {
    const { store, accountId, bus, mamPageSize: max } = this.scope;
    const record = store.accounts.get(accountId);
    if (!record) return;
    const since = record.createdAt - this.scope.catchUpOverlapMs;
    let fetched = 0;
    bus.emit('history.progress', { accountId, fetched, done: false });
    try {
      // Servers without an archive exist: then there is nothing to catch up from.
      if (!(await this.archiveAvailable(session))) return;
      if (record.mamLastStanzaId === null && !this.hasConversations()) {
        // A new device: the most recent page from before the account was added, so the
        // conversation list is not empty. Everything after comes in order below.
        const recent = await this.pages.fetch(session, { before: true, end: since - 1, max });
        this.pages.store(recent);
        fetched += recent.items.length;
      }
      const from = (cursor: string | null): PageQuery =>
        cursor === null ? { start: since, max } : { after: cursor, max };
      let next: Promise<FetchedPage> | null = this.pages.fetch(
        session,
        from(record.mamLastStanzaId),
      );
      for (let pages = 0; next && pages < maxCatchUpPages; pages++) {
        const page: FetchedPage = await next;
        const more = !page.complete && page.last !== null;
        next = more ? this.pages.fetch(session, from(page.last)) : null;
        next?.catch(() => {}); // Awaited next turn; a failure then ends the catch-up.
        this.pages.store(page);
        if (page.last) store.accounts.setMamCursor(accountId, page.last);
        fetched += page.items.length;
        bus.emit('history.progress', { accountId, fetched, done: false });
      }
    } finally {
      bus.emit('history.progress', { accountId, fetched, done: true });
    }
  }

  /**
   * Older messages with one peer, before the oldest we hold. Returns whether the archive has
   * nothing older. The archive id to page back from is remembered per conversation, since the
   * oldest stored message may be one we sent and never learnt the archive id of.
   */
  async scrollBack(session: Session, peer: string, max: number): Promise<boolean> {
    if (this.exhausted.has(peer) || this.supported === false) return true;
    const { store, accountId } = this.scope;
    const oldest = store.messages.oldest(accountId, peer);
    const before = this.oldestArchiveId.get(peer) ?? oldest?.stanzaId ?? true;
    const page = await this.pages.fetch(session, { with: peer, before, max });
    this.pages.store(page, oldest?.timestamp);
    if (page.first) this.oldestArchiveId.set(peer, page.first);
    const done = page.complete || page.items.length === 0;
    if (done) this.exhausted.add(peer);
    return done;
  }

  /** XEP-0313 §7: the account's own archive is announced in disco#info of its bare JID. */
  private async archiveAvailable(session: Session): Promise<boolean> {
    const reply = await session.iq(buildDiscoInfoQuery(this.scope.ownJid)).catch(() => null);
    const info = reply ? parseDiscoInfo(reply) : null;
    this.supported = info?.features.includes(NS_MAM) ?? false;
    return this.supported;
  }

  private hasConversations(): boolean {
    return this.scope.store.conversations.list().some((c) => c.accountId === this.scope.accountId);
  }
}
