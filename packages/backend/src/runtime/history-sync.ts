import { isTransientStoreFailure } from '@parley/store';
import {
  NS_MAM,
  SessionError,
  buildDiscoInfoQuery,
  parseDiscoInfo,
  type Session,
} from '@parley/xmpp';
import type { AccountScope } from './account-scope.js';
import { ArchiveOrder } from './archive-order.js';
import { ArchivePages, type FetchedPage, type PageQuery } from './archive-pages.js';
import { LiveCursor } from './live-cursor.js';
import type { MessagePipeline } from './message-pipeline.js';
import { PRIORITY, type StanzaRouter } from './stanza-router.js';

/** Bounds a catch-up so a hostile or huge archive cannot keep us paging forever. */
const maxCatchUpPages = 2_000;

/**
 * XEP-0313 history: catch-up from the newest archive id we hold (paging forward by the
 * archive's stanza-id, never by time), and scroll-back for one conversation.
 */
export class HistorySync {
  readonly pages: ArchivePages;
  /** Moves the cursor with live messages between catch-ups while the stream is continuous. */
  readonly cursor: LiveCursor;
  private readonly exhausted = new Set<string>();
  private readonly oldestArchiveId = new Map<string, string>();
  /** Whether the server keeps an archive for us; null until the first catch-up asked. */
  private supported: boolean | null = null;
  /** A catch-up was asked for and has not reached the archive's end yet. */
  private unfinished = false;
  private queue: Promise<void> = Promise.resolve();
  private retryTimer: NodeJS.Timeout | null = null;
  /** Archive order as of the cursor, carried from one catch-up to the next. */
  private order: ArchiveOrder | null = null;
  /** How long to wait before trying an unfinished catch-up again while online. */
  retryMs = 5_000;
  /** Told when a catch-up starts and reaches the archive's end (OMEMO keeps used prekeys). */
  omemo: {
    beginHistorySync(): void;
    endHistorySync(session: Session): Promise<void>;
  } | null = null;

  constructor(
    private readonly scope: AccountScope,
    private readonly pipeline: MessagePipeline,
  ) {
    this.pages = new ArchivePages(scope, pipeline);
    this.cursor = new LiveCursor(scope, (shownAt) => {
      // The next catch-up starts at the cursor: archive order starts where that message shows.
      if (shownAt !== null) this.order = new ArchiveOrder(shownAt);
    });
    pipeline.followArchive = (session, archiveId) => this.cursor.note(session, archiveId);
    pipeline.owedCatchUpOrder = () => (this.unfinished ? this.owedOrder() : null);
  }

  /** First in line for messages: archive results are wrappers only the history may open. */
  register(router: StanzaRouter): void {
    router.register({
      name: 'archive-results',
      kind: 'message',
      priority: PRIORITY.history,
      handle: (_session, message) => this.pages.handleMessage(message),
    });
  }

  /**
   * On each fresh session, and after a resume while an earlier catch-up is unfinished: fetch
   * everything archived since the newest archive id we hold, paging forward by that id. Before
   * the first id is known, page forward from the time the account was added (with an overlap
   * for clock skew; duplicates are dropped by stanza-id). The next page is requested before the
   * current one is stored, so the server and the store work at the same time; the cursor only
   * moves once a page is stored, so nothing is skipped if the link drops.
   *
   * A catch-up that stops early (a cut, a store that cannot write) stays unfinished: it is
   * continued on the next session, resumed or fresh, or after `retryMs` while still online.
   * 'done' is reported only once the archive's end is reached (or the server refuses).
   * One catch-up runs at a time; a request while one runs waits for it.
   */
  catchUp(session: Session): Promise<void> {
    this.unfinished = true;
    return this.enqueue(session);
  }

  /**
   * A new server-side session: a catch-up is owed from now on, until one completes. What was
   * sent to us between the old session and this one is only in the archive: the cursor stops
   * following live messages until that catch-up has fetched it.
   */
  expectCatchUp(): void {
    this.unfinished = true;
    this.omemo?.beginHistorySync();
    this.cursor.halt();
  }

  /** After a resume: continues a catch-up that a cut ended early; nothing if none did. */
  continueCatchUp(session: Session): Promise<void> {
    return this.unfinished ? this.enqueue(session) : Promise.resolve();
  }

  /** Offline for good (disconnect): no retry of an unfinished catch-up fires any more. */
  stop(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private enqueue(session: Session): Promise<void> {
    this.stop();
    const run = this.queue.then(() => (this.unfinished ? this.runCatchUp(session) : undefined));
    this.queue = run.catch(() => {});
    return run;
  }

  private async runCatchUp(session: Session): Promise<void> {
    const { store, accountId, bus, mamPageSize: max } = this.scope;
    this.omemo?.beginHistorySync();
    // Pages write the cursor now; live messages noted before are written first, then read.
    this.cursor.halt();
    this.pipeline.batch.flush();
    const record = store.accounts.get(accountId);
    if (!record) return;
    const since = record.createdAt - this.scope.catchUpOverlapMs;
    const epoch = session.epoch;
    let fetched = 0;
    let complete = false;
    bus.emit('history.progress', { accountId, fetched, done: false });
    try {
      // Servers without an archive exist: then there is nothing to catch up from.
      if (!(await this.archiveAvailable(session))) {
        complete = true;
        return;
      }
      if (record.mamLastStanzaId === null && !this.hasConversations()) {
        // A new device: the most recent page from before the account was added, so the
        // conversation list is not empty. Everything after comes in order below.
        const recent = await this.pages.fetch(session, { before: true, end: since - 1, max });
        await this.pages.store(recent);
        fetched += recent.items.length;
      }
      // Kept even if this catch-up is cut short: the next one goes on from the same place.
      const order = this.orderFrom(record.mamLastStanzaId);
      this.order = order;
      const from = (cursor: string | null): PageQuery =>
        cursor === null ? { start: since, max } : { after: cursor, max };
      let next: Promise<FetchedPage> | null = this.firstPage(
        session,
        record.mamLastStanzaId,
        since,
        max,
      );
      for (let pages = 0; next && pages < maxCatchUpPages; pages++) {
        const page: FetchedPage = await next;
        const more = !page.complete && page.last !== null;
        next = more ? this.pages.fetch(session, from(page.last)) : null;
        next?.catch(() => {}); // Awaited next turn; a failure then ends the catch-up.
        await this.pages.store(page, undefined, undefined, { order, session });
        if (page.last) store.accounts.setMamCursor(accountId, page.last);
        fetched += page.items.length;
        bus.emit('history.progress', { accountId, fetched, done: false });
      }
      // Past the page bound the rest is left: a hostile archive must not page us forever.
      complete = true;
      // At the archive's end, still on the session the catch-up ran on: from here on live
      // messages carry the cursor (not past the page bound: the rest is not fetched).
      if (!next && session.epoch === epoch) this.cursor.follow(session);
    } catch (error) {
      if (!isWorthRetrying(error)) {
        // The server refused (an unknown cursor, a broken archive): asking again gets the same.
        console.warn(`[parley] archive catch-up refused: ${String(error)}`);
        complete = true;
        return;
      }
      this.scheduleRetry(session);
      throw error;
    } finally {
      if (complete) this.unfinished = false;
      if (complete) this.omemo?.endHistorySync(session).catch(() => {});
      // Not done after a cut: the next session goes on from the cursor and reports done then.
      bus.emit('history.progress', { accountId, fetched, done: complete });
    }
  }

  /**
   * The first page after `cursor`. An archive that no longer holds that id (its messages
   * expired: Prosody keeps a week by default; or the archive was reset) answers item-not-found
   * to every query naming it, so a long absence would end every catch-up from then on. Then
   * page from the time of the cursor's message (or of the newest message we hold) instead,
   * less the clock-skew overlap; what we already hold is dropped by stanza-id.
   */
  private async firstPage(
    session: Session,
    cursor: string | null,
    since: number,
    max: number,
  ): Promise<FetchedPage> {
    if (cursor === null) return this.pages.fetch(session, { start: since, max });
    try {
      return await this.pages.fetch(session, { after: cursor, max });
    } catch (error) {
      if (!(error instanceof SessionError && error.condition === 'item-not-found')) throw error;
      const { store, accountId, catchUpOverlapMs } = this.scope;
      // Rooms keep their own archives: only chats come from the account's.
      const newest = store.conversations
        .list()
        .filter((c) => c.accountId === accountId && c.kind !== 'room')
        .reduce((at, c) => Math.max(at, c.lastMessage?.timestamp ?? 0), 0);
      const at = store.messages.timestampOfArchiveId(accountId, cursor) ?? (newest || since);
      const start = Math.max(0, at - catchUpOverlapMs);
      console.warn(
        `[parley] the archive no longer knows our cursor; catching up from ${new Date(start).toISOString()}`,
      );
      return this.pages.fetch(session, { start, max });
    }
  }

  /** Still online after a failure (a store that could not write): try again a little later. */
  private scheduleRetry(session: Session): void {
    if (session.state !== 'online' || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (session.state === 'online') this.continueCatchUp(session).catch(() => {});
    }, this.retryMs);
  }

  /** The order the owed catch-up will walk in, made now if it has not started yet. */
  private owedOrder(): ArchiveOrder | null {
    if (this.order) return this.order;
    const record = this.scope.store.accounts.get(this.scope.accountId);
    if (!record) return null;
    this.order = this.orderFrom(record.mamLastStanzaId);
    return this.order;
  }

  /** Where archive order stands at `cursor`: kept from the last catch-up, or looked up once. */
  private orderFrom(cursor: string | null): ArchiveOrder {
    if (this.order) return this.order;
    const { store, accountId } = this.scope;
    const at = cursor === null ? null : store.messages.timestampOfArchiveId(accountId, cursor);
    return new ArchiveOrder(at);
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
    await this.pages.store(page, oldest?.timestamp);
    if (page.first) this.oldestArchiveId.set(peer, page.first);
    const done = page.complete || page.items.length === 0;
    if (done) this.exhausted.add(peer);
    return done;
  }

  /**
   * XEP-0313 §7: the account's own archive is announced in disco#info of its bare JID. A lost
   * link is thrown (the catch-up stays unfinished); an error answer means no archive.
   */
  private async archiveAvailable(session: Session): Promise<boolean> {
    const reply = await session.iq(buildDiscoInfoQuery(this.scope.ownJid)).catch((e: unknown) => {
      if (isWorthRetrying(e)) throw e;
      return null;
    });
    const info = reply ? parseDiscoInfo(reply) : null;
    this.supported = info?.features.includes(NS_MAM) ?? false;
    return this.supported;
  }

  private hasConversations(): boolean {
    return this.scope.store.conversations.list().some((c) => c.accountId === this.scope.accountId);
  }
}

/**
 * A lost link, a timeout or a store that could not write can go away; an error answer from the
 * server (or a bug) would come back the same.
 */
function isWorthRetrying(error: unknown): boolean {
  if (isTransientStoreFailure(error)) return true;
  return error instanceof SessionError && error.code !== 'stanza-error';
}
