import { randomUUID } from 'node:crypto';
import {
  buildMamQuery,
  parseMamFin,
  parseMamResult,
  type Element,
  type Session,
} from '@parley/xmpp';
import type { AccountScope } from './account-scope.js';
import type { MessagePipeline } from './message-pipeline.js';

interface PageQuery {
  with?: string;
  start?: number;
  end?: number;
  after?: string;
  before?: string | true;
  max: number;
}

interface PageOutcome {
  complete: boolean;
  first: string | null;
  last: string | null;
  count: number;
}

/** Bounds a catch-up so a hostile or huge archive cannot keep us paging forever. */
const maxCatchUpPages = 2_000;

/**
 * XEP-0313 history: catch-up from the newest archive id we hold (paging forward by the
 * archive's stanza-id, never by time), and scroll-back for one conversation.
 */
export class HistorySync {
  /** Result stanzas of queries in flight, keyed by queryid. */
  private readonly collectors = new Map<
    string,
    (stanza: Element, archiveId: string, delay: number | null) => void
  >();
  private readonly exhausted = new Set<string>();
  private readonly oldestArchiveId = new Map<string, string>();

  constructor(
    private readonly scope: AccountScope,
    private readonly pipeline: MessagePipeline,
  ) {}

  /** Routes MAM result messages to their query; true when consumed. */
  handleStanza(stanza: Element): boolean {
    if (stanza.name !== 'message') return false;
    const result = parseMamResult(stanza, { ownBareJid: this.scope.ownJid });
    if (!result) return false;
    if ('rejected' in result) return true; // A result not from our own archive: forged, drop.
    const collect = this.collectors.get(result.queryId);
    if (collect) collect(result.forwarded, result.archiveId, result.delay);
    return true;
  }

  /**
   * On each fresh session: fetch everything archived since the newest archive id we hold,
   * paging forward by that id. Before the first id is known, page forward from the time the
   * account was added (a minute of overlap; duplicates are dropped by stanza-id).
   */
  async catchUp(session: Session): Promise<void> {
    const { store, accountId, bus } = this.scope;
    const record = store.accounts.get(accountId);
    if (!record) return;
    let cursor = record.mamLastStanzaId;
    let fetched = 0;
    bus.emit('history.progress', { accountId, fetched, done: false });
    try {
      if (cursor === null && !store.conversations.list().some((c) => c.accountId === accountId)) {
        // A new device: show the most recent page from before the account was added, so the
        // conversation list is not empty. Everything after is fetched in order below.
        const recent = {
          before: true as const,
          end: record.createdAt - this.scope.catchUpOverlapMs - 1,
          max: this.scope.mamPageSize,
        };
        fetched += (await this.queryPage(session, recent)).count;
      }
      for (let pages = 0; pages < maxCatchUpPages; pages++) {
        const page = await this.queryPage(session, {
          ...(cursor === null
            ? { start: record.createdAt - this.scope.catchUpOverlapMs }
            : { after: cursor }),
          max: this.scope.mamPageSize,
        });
        fetched += page.count;
        if (page.last) {
          cursor = page.last;
          store.accounts.setMamCursor(accountId, cursor);
        }
        bus.emit('history.progress', { accountId, fetched, done: false });
        if (page.complete || !page.last) break;
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
    if (this.exhausted.has(peer)) return true;
    const { store, accountId } = this.scope;
    const oldest = store.messages.oldest(accountId, peer);
    const before = this.oldestArchiveId.get(peer) ?? oldest?.stanzaId ?? true;
    const page = await this.queryPage(session, { with: peer, before, max }, oldest?.timestamp);
    if (page.first) this.oldestArchiveId.set(peer, page.first);
    if (page.complete || page.count === 0) this.exhausted.add(peer);
    return page.complete || page.count === 0;
  }

  private async queryPage(
    session: Session,
    query: PageQuery,
    notAfter?: number,
  ): Promise<PageOutcome> {
    const queryId = randomUUID();
    // Results are held until the page's <fin/> and then stored in one transaction: one commit
    // per page instead of per message. Nothing is lost if the link drops meanwhile: the cursor
    // only moves after the page is stored, so the next catch-up asks for it again.
    const page: Array<{ forwarded: Element; archiveId: string; delay: number | null }> = [];
    this.collectors.set(queryId, (forwarded, archiveId, delay) => {
      page.push({ forwarded, archiveId, delay });
    });
    try {
      const fin = parseMamFin(
        await session.iq(buildMamQuery({ queryId, ...query }), 60_000),
        this.scope.ownJid,
      );
      if (!fin) throw new Error('The server answered the archive query without a result set');
      this.scope.store.transaction(() => {
        page.forEach(({ forwarded, archiveId, delay }, index) => {
          const source =
            notAfter === undefined
              ? { kind: 'archive' as const, archiveId, delay }
              : {
                  kind: 'archive' as const,
                  archiveId,
                  delay,
                  notAfter: notAfter - (page.length - index),
                };
          this.pipeline.ingest(null, forwarded, source);
        });
      });
      const count = page.length;
      return { complete: fin.complete, first: fin.first, last: fin.last, count };
    } finally {
      this.collectors.delete(queryId);
    }
  }
}
