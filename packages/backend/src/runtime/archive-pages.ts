import { randomUUID } from 'node:crypto';
import {
  NS_MAM,
  childIn,
  buildMamQuery,
  parseMamFin,
  parseMamResult,
  type Element,
  type Session,
} from '@parley/xmpp';
import type { AccountScope } from './account-scope.js';
import type { ArchiveOrder } from './archive-order.js';
import type { MessagePipeline, MessageSource, WriteSink } from './message-pipeline.js';
import type { WriteOp } from './write-batch.js';

export interface PageQuery {
  /** A room's archive (its bare JID); our own when absent. */
  to?: string;
  with?: string;
  start?: number;
  end?: number;
  after?: string;
  before?: string | true;
  max: number;
}

interface ArchivedItem {
  forwarded: Element;
  archiveId: string;
  delay: number | null;
}

export interface FetchedPage {
  items: ArchivedItem[];
  complete: boolean;
  first: string | null;
  last: string | null;
}

/** Stores one archived message; the account's one-to-one pipeline unless a room's is given. */
export type ArchiveIngest = (
  forwarded: Element,
  source: Extract<MessageSource, { kind: 'archive' }>,
  sink: WriteSink,
) => void;

/**
 * XEP-0313 queries on the account's own archive or a room's: results are collected per query id and
 * handed over with the page's <fin/>; storing is a separate step so the next page can be
 * requested before this one is written.
 */
export class ArchivePages {
  private readonly collectors = new Map<string, { archive?: string; items: ArchivedItem[] }>();

  constructor(
    private readonly scope: AccountScope,
    private readonly pipeline: MessagePipeline,
  ) {}

  /** Routes MAM result messages to their query; true when consumed. */
  handleStanza(stanza: Element): boolean {
    if (stanza.name !== 'message') return false;
    // The query id names the archive that must have sent it; unknown ids are held to our own.
    const queryId = childIn(stanza, 'result', NS_MAM)?.attrs.queryid;
    const collector = typeof queryId === 'string' ? this.collectors.get(queryId) : undefined;
    const result = parseMamResult(stanza, {
      ownBareJid: this.scope.ownJid,
      ...(collector?.archive ? { archiveJid: collector.archive } : {}),
    });
    if (!result) return false;
    if ('rejected' in result) return true; // Not from the queried archive: forged, drop.
    collector?.items.push(result);
    return true;
  }

  async fetch(session: Session, query: PageQuery): Promise<FetchedPage> {
    const queryId = randomUUID();
    const items: ArchivedItem[] = [];
    this.collectors.set(queryId, query.to ? { archive: query.to, items } : { items });
    try {
      const reply = await session.iq(buildMamQuery({ queryId, ...query }), 60_000);
      const fin = parseMamFin(reply, this.scope.ownJid, query.to);
      if (!fin) throw new Error('The server answered the archive query without a result set');
      return { items, complete: fin.complete, first: fin.first, last: fin.last };
    } finally {
      this.collectors.delete(queryId);
    }
  }

  /**
   * One transaction per page, not per message. `notAfter` (scroll-back): the oldest timestamp
   * already shown; archive stamps have one-second precision, so an older page that ties with it
   * is placed just before it, keeping archive order and display order the same. `catchUp`
   * (forward catch-up of our own archive): its archive order (see ArchiveOrder) and the
   * session that receipts for messages first seen here go out on.
   */
  store(
    page: FetchedPage,
    notAfter?: number,
    ingest?: ArchiveIngest,
    catchUp?: { order: ArchiveOrder; session: Session },
  ): void {
    const into: ArchiveIngest =
      ingest ??
      ((forwarded, source, sink) =>
        void this.pipeline.ingest(catchUp?.session ?? null, forwarded, source, sink));
    // Live stanzas that arrived before this page's <fin/> wait in the batch for the next turn of
    // the loop: they go first, so a message seen live is stored as live (and counted unread)
    // even when the page that follows also holds it.
    this.pipeline.batch.flush();
    // A result the server resent after a resume can come twice in one page: the first counts.
    const seen = new Set<string>();
    const items = page.items.filter(
      ({ archiveId }) => !seen.has(archiveId) && !!seen.add(archiveId),
    );
    const ops: WriteOp[] = [];
    items.forEach(({ forwarded, archiveId, delay }, index) => {
      const bound = notAfter === undefined ? {} : { notAfter: notAfter - (items.length - index) };
      const caughtUp = catchUp ? { order: catchUp.order } : {};
      const source = { kind: 'archive', archiveId, delay, ...bound, ...caughtUp } as const;
      into(forwarded, source, (op) => ops.push(op));
    });
    let afterCommit: Array<(() => void) | void>;
    try {
      afterCommit = this.scope.store.transaction(() => {
        const after = ops.map((op) => op());
        this.pipeline.recordConversations();
        return after;
      });
    } catch (error) {
      this.pipeline.discardConversations();
      throw error;
    }
    for (const after of afterCommit) after?.();
    this.pipeline.emitConversations();
  }
}
