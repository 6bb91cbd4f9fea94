import {
  buildBookmarkPublish,
  buildBookmarkRetract,
  buildBookmarksFetch,
  buildDiscoInfoQuery,
  buildPrivateBookmarksFetch,
  buildPrivateBookmarksStore,
  parseBookmarkItems,
  NS_PUBSUB_EVENT,
  parseBookmarkNotification,
  parseDiscoInfo,
  parsePrivateBookmarks,
  supportsBookmarks2,
  type Bookmark,
  type Element,
  type IncomingMessage,
  type Session,
} from '@parley/xmpp';
import { ownNick } from '../account-scope.js';
import { PRIORITY, type StanzaRouter } from '../stanza-router.js';
import type { Rooms } from './rooms.js';

/**
 * Bookmarks 2 (XEP-0402) in the user's PEP, kept in step with their other clients through PEP
 * notifications; XEP-0048 private storage where the server lacks XEP-0402. The store mirrors the
 * server's list; a bookmark with autojoin is joined on login and when another client adds it.
 */
export class BookmarksSync {
  /** Which protocol the server speaks; decided at login. */
  private mode: 'pep' | 'private' = 'pep';

  constructor(private readonly rooms: Rooms) {}

  /** At login, before rooms are rejoined: fetch, mirror, and let autojoin rooms be joined. */
  async fetch(session: Session): Promise<void> {
    const { ownJid } = this.rooms.scope;
    const info = await session
      .iq(buildDiscoInfoQuery(ownJid), 10_000)
      .then(parseDiscoInfo)
      .catch(() => null);
    this.mode = info && supportsBookmarks2(info) ? 'pep' : 'private';
    const list = await this.download(session);
    if (list) this.mirror(list);
  }

  private async download(session: Session): Promise<Bookmark[] | null> {
    try {
      if (this.mode === 'pep') return parseBookmarkItems(await session.iq(buildBookmarksFetch()));
      return parsePrivateBookmarks(await session.iq(buildPrivateBookmarksFetch()));
    } catch (error) {
      // No node yet: no bookmarks. Anything else: keep what we have rather than wipe it.
      const condition = (error as { condition?: string | null }).condition;
      return condition === 'item-not-found' ? [] : null;
    }
  }

  /** PEP notifications (pubsub#event) only, after the rooms and before presence and chats. */
  register(router: StanzaRouter): void {
    router.register({
      name: 'bookmark-notifications',
      kind: 'message',
      namespace: NS_PUBSUB_EVENT,
      priority: PRIORITY.bookmarks,
      handle: (_session, message: IncomingMessage) => this.handleStanza(message.stanza),
    });
  }

  /** A PEP notification from our own account; true when consumed. */
  handleStanza(stanza: Element): boolean {
    if (stanza.name !== 'message') return false;
    const note = parseBookmarkNotification(stanza, this.rooms.scope.ownJid);
    if (!note) return false;
    for (const b of note.published) this.apply(b);
    for (const room of note.retracted) this.unmark(room);
    if (note.purged) {
      for (const r of this.rooms.scope.store.rooms.list(this.rooms.scope.accountId)) {
        if (r.bookmarked) this.unmark(r.jid);
      }
    }
    return true;
  }

  /** Bookmark or unbookmark a room on the server, then mirror it; `name` renames it. */
  async set(
    session: Session,
    room: string,
    bookmarked: boolean,
    autojoin: boolean,
    name?: string,
  ): Promise<void> {
    const { store, accountId } = this.rooms.scope;
    const record = store.rooms.get(accountId, room);
    if (!record) throw new Error(`${room} is not a known room`);
    const bookmark: Bookmark = {
      jid: room,
      name: name ?? (record.name || this.rooms.live.get(room)?.info?.name || ''),
      autojoin,
      nick: record.nick,
      password: record.password,
      extensions: record.bookmarkExtensions,
    };
    if (this.mode === 'pep') {
      await session.iq(bookmarked ? buildBookmarkPublish(bookmark) : buildBookmarkRetract(room));
    } else {
      const others = store.rooms
        .list(accountId)
        .filter((r) => r.bookmarked && r.jid !== room)
        .map((r) => ({
          jid: r.jid,
          name: r.name,
          autojoin: r.autojoin,
          nick: r.nick,
          password: r.password,
        }));
      await session.iq(buildPrivateBookmarksStore(bookmarked ? [...others, bookmark] : others));
    }
    store.rooms.update(accountId, room, {
      bookmarked,
      autojoin: bookmarked && autojoin,
      ...(name !== undefined && bookmarked ? { name } : {}),
    });
    this.rooms.emit(room);
  }

  private mirror(list: Bookmark[]): void {
    const { store, accountId } = this.rooms.scope;
    const listed = new Set(list.map((b) => b.jid));
    for (const r of store.rooms.list(accountId)) {
      if (r.bookmarked && !listed.has(r.jid)) this.unmark(r.jid);
    }
    for (const b of list) this.apply(b, false);
  }

  /** One bookmark from the server; `join` joins it now when it asks for autojoin. */
  private apply(b: Bookmark, join = true): void {
    const { store, accountId } = this.rooms.scope;
    const before = store.rooms.get(accountId, b.jid);
    const nick = b.nick ?? before?.nick ?? ownNick(this.rooms.scope);
    store.rooms.upsert(
      accountId,
      b.jid,
      { nick, password: b.password },
      {
        bookmarked: true,
        autojoin: b.autojoin,
        name: b.name,
        bookmarkExtensions: b.extensions ?? null,
        ...(b.password ? { password: b.password } : {}),
      },
    );
    this.rooms.emit(b.jid);
    const live = this.rooms.live.get(b.jid);
    const session = this.rooms.session;
    if (
      join &&
      b.autojoin &&
      session &&
      (!live || live.state === 'left' || live.state === 'error')
    ) {
      void this.rooms
        .join(session, b.jid, nick, { password: b.password })
        .catch((error: unknown) => console.warn(`[parley] autojoin ${b.jid}: ${String(error)}`));
    }
  }

  private unmark(room: string): void {
    const { store, accountId, bus } = this.rooms.scope;
    const record = store.rooms.update(accountId, room, { bookmarked: false, autojoin: false });
    if (!record) return;
    const live = this.rooms.live.get(room);
    if (!record.joined && (!live || live.state === 'left')) {
      this.rooms.live.delete(room);
      store.rooms.remove(accountId, room);
      bus.emit('room.removed', { accountId, room });
      return;
    }
    this.rooms.emit(room);
  }
}
