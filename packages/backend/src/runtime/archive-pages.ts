import { randomUUID } from 'node:crypto';
import {
  buildMamQuery,
  parseMamFin,
  type IncomingMessage,
  type MessageEnvelope,
  type Session,
} from '@parley/xmpp';
import type { AccountScope } from './account-scope.js';
import type { ArchiveOrder } from './archive-order.js';
import type { MessagePipeline, MessageSource, WriteSink } from './message-pipeline.js';
import { settleAll, type WriteOp } from './write-batch.js';
import type { OpenedMessage } from './incoming-transforms.js';

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

/** An archive result, opened (the router's envelope of origin 'archive'). */
export type ArchivedItem = MessageEnvelope & {
  readonly origin: Extract<MessageEnvelope['origin'], { kind: 'archive' }>;
};

export interface FetchedPage {
  items: ArchivedItem[];
  complete: boolean;
  first: string | null;
  last: string | null;
}

/** Stores one archived message; the account's one-to-one pipeline unless a room's is given. */
export type ArchiveIngest = (
  envelope: ArchivedItem,
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

  /**
   * The archive a running query asks (a room), for the envelope's sender check; undefined for
   * our own archive and for unknown query ids (held to our own archive's rule).
   */
  archiveOf(queryId: string): string | undefined {
    return this.collectors.get(queryId)?.archive;
  }

  /** Takes every MAM result message, collected under its query; true when consumed. */
  handleMessage(message: IncomingMessage): boolean {
    // Not from the queried archive (or nested, malformed): forged, drop.
    if (message.rejected?.wrapper === 'archive') return true;
    const envelope = message.envelope;
    if (envelope?.origin.kind !== 'archive') return false;
    this.collectors.get(envelope.origin.queryId)?.items.push(envelope as ArchivedItem);
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
   * session that receipts for messages first seen here go out on. Resolves once stored; a page
   * without encrypted items is stored before this returns.
   */
  async store(
    page: FetchedPage,
    notAfter?: number,
    ingest?: ArchiveIngest,
    catchUp?: { order: ArchiveOrder; session: Session },
  ): Promise<void> {
    const into: ArchiveIngest =
      ingest ??
      ((envelope, source, sink) =>
        void this.pipeline.ingest(catchUp?.session ?? null, envelope, source, sink));
    // A result the server resent after a resume can come twice in one page: the first counts.
    const seen = new Set<string>();
    const items = page.items.filter(
      ({ origin: { archiveId } }) => !seen.has(archiveId) && !!seen.add(archiveId),
    );
    // Items a transform claimed (encrypted) are opened first, in archive order and in the
    // account's turn; a plain page never waits here (nor yields: it is stored synchronously).
    const opened = items.some((item) => item.awaiting) ? await this.openClaimed(items) : null;
    try {
      // Live stanzas that arrived before this page's <fin/> wait in the batch for the next turn of
      // the loop: they go first, so a message seen live is stored as live (and counted unread)
      // even when the page that follows also holds it.
      this.pipeline.batch.flush();
      const ops: WriteOp[] = [];
      items.forEach((item, index) => {
        const { archiveId, delay } = item.origin;
        const bound = notAfter === undefined ? {} : { notAfter: notAfter - (items.length - index) };
        const caughtUp = catchUp ? { order: catchUp.order } : {};
        const source = { kind: 'archive', archiveId, delay, ...bound, ...caughtUp } as const;
        const open = opened?.[index];
        // The transform's write (ratchet state) commits with the page, even for a dropped item.
        if (open?.write) ops.push(open.write);
        const envelope = open ? (open.envelope as ArchivedItem | null) : item;
        if (envelope) into(envelope, source, (op) => ops.push(op));
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
    } finally {
      // Committed or not, the transforms' writes are done with (the OMEMO crypto lock).
      settleAll(opened?.flatMap((open) => (open?.write ? [open.write] : [])) ?? []);
    }
    this.pipeline.emitConversations();
  }

  /**
   * The page's claimed items opened, by index (plain ones undefined): in the account's ingress,
   * so no live decryption runs meanwhile, after the live messages queued before the page. One
   * already stored is not opened again (decrypting twice would fail): see IncomingTransforms.
   */
  private openClaimed(items: readonly ArchivedItem[]): Promise<Array<OpenedMessage | undefined>> {
    const { ingress, batch, transforms } = this.pipeline;
    return ingress.exclusive(async () => {
      // The live messages handled before this turn are committed: the checks below see them.
      batch.flush();
      const opened: Array<OpenedMessage | undefined> = [];
      try {
        for (const item of items)
          opened.push(item.awaiting ? await transforms.open(item) : undefined);
      } catch (error) {
        settleAll(opened.flatMap((open) => (open?.write ? [open.write] : [])));
        throw error;
      }
      return opened;
    });
  }
}
