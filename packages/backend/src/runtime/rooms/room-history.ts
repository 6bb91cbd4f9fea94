import { SessionError, type Session } from '@parley/xmpp';
import type { AccountScope } from '../account-scope.js';
import type { ArchiveIngest, ArchivePages, FetchedPage } from '../archive-pages.js';

/** Bounds one room's catch-up: a huge or hostile archive cannot keep us paging forever. */
const maxCatchUpPages = 200;

/**
 * A room's own archive (XEP-0313 on the room JID, XEP-0045 §7.2.14 replaced by MAM): on each
 * join, everything since the newest archive id we hold (or the newest page on a first join);
 * on scroll-back, the page before the oldest we hold. Duplicates of what arrived live are
 * dropped by the room's stanza-id.
 */
export class RoomHistory {
  private readonly exhausted = new Set<string>();
  private readonly oldestArchiveId = new Map<string, string>();

  constructor(
    private readonly scope: AccountScope,
    private readonly pages: ArchivePages,
  ) {}

  async catchUp(session: Session, room: string, ingest: ArchiveIngest): Promise<number> {
    const { store, accountId, mamPageSize: max } = this.scope;
    const cursor = store.rooms.get(accountId, room)?.mamLastStanzaId ?? null;
    if (cursor === null) return this.newestPage(session, room, ingest);
    let fetched = 0;
    let after = cursor;
    for (let n = 0; n < maxCatchUpPages; n++) {
      let page: FetchedPage;
      try {
        page = await this.pages.fetch(session, { to: room, after, max });
      } catch (error) {
        // The room's archive no longer holds our cursor (its messages expired, or the archive
        // was reset): every query naming it fails the same way, so start again from the
        // newest page, as on a first join, instead of never catching up in this room again.
        if (n > 0 || !(error instanceof SessionError && error.condition === 'item-not-found'))
          throw error;
        console.warn(
          `[parley] ${room}'s archive no longer knows our cursor; fetching its newest page`,
        );
        return this.newestPage(session, room, ingest);
      }
      await this.storePage(room, page, ingest);
      fetched += page.items.length;
      if (page.complete || page.last === null) break;
      after = page.last;
    }
    return fetched;
  }

  /** First join from this device (or a lost cursor): the newest page, not the room's past. */
  private async newestPage(session: Session, room: string, ingest: ArchiveIngest): Promise<number> {
    const max = this.scope.mamPageSize;
    const page = await this.pages.fetch(session, { to: room, before: true, max });
    await this.storePage(room, page, ingest);
    if (page.first) this.oldestArchiveId.set(room, page.first);
    if (page.complete) this.exhausted.add(room);
    return page.items.length;
  }

  /** Older room messages; returns whether the archive has nothing older. */
  async scrollBack(
    session: Session,
    room: string,
    max: number,
    ingest: ArchiveIngest,
  ): Promise<boolean> {
    if (this.exhausted.has(room)) return true;
    const { store, accountId } = this.scope;
    const oldest = store.messages.oldest(accountId, room);
    const before = this.oldestArchiveId.get(room) ?? oldest?.stanzaId ?? true;
    const page = await this.pages.fetch(session, { to: room, before, max });
    await this.pages.store(page, oldest?.timestamp, ingest);
    if (page.first) this.oldestArchiveId.set(room, page.first);
    const done = page.complete || page.items.length === 0;
    if (done) this.exhausted.add(room);
    return done;
  }

  private async storePage(room: string, page: FetchedPage, ingest: ArchiveIngest): Promise<void> {
    await this.pages.store(page, undefined, ingest);
    if (page.last)
      this.scope.store.rooms.update(this.scope.accountId, room, { mamLastStanzaId: page.last });
  }
}
