// XEP-0402 PEP Native Bookmarks: one PEP item per bookmarked room on 'urn:xmpp:bookmarks:1',
// item id = room JID, published privately (access model whitelist).
//
// Bookmark notifications are accepted only from our own account: a forged "autojoin" bookmark
// from anyone else would make the client join a room of the attacker's choosing (Dino, 2023).
import {
  capText,
  childIn,
  childrenIn,
  iqType,
  isFromOwnAccount,
  parseJid,
  parseXml,
  requireJid,
  xml,
  type Element,
  type JidInput,
} from '../stanza.js';
import { NS_DATA } from './disco.js';
import { parseBareRoom } from './muc.js';

export const NS_BOOKMARKS2 = 'urn:xmpp:bookmarks:1';
export const NS_PUBSUB = 'http://jabber.org/protocol/pubsub';
export const NS_PUBSUB_EVENT = 'http://jabber.org/protocol/pubsub#event';
export const FORM_PUBLISH_OPTIONS = 'http://jabber.org/protocol/pubsub#publish-options';
/** More rooms than anyone bookmarks; a bigger list is broken or hostile. */
export const MAX_BOOKMARKS = 10_000;
const MAX_NAME = 1024;

export interface Bookmark {
  /** The room's bare JID. */
  jid: string;
  /** '' when unnamed. */
  name: string;
  autojoin: boolean;
  nick: string | null;
  password: string | null;
  /**
   * The `<extensions/>` element other clients keep in the bookmark, as XML text: carried over
   * unchanged when we republish it (XEP-0402 §3.1). Absent or null: none.
   */
  extensions?: string | null;
}

/** Bigger extension blobs are dropped rather than stored and republished. */
export const MAX_EXTENSIONS_XML = 64 * 1024;

/** XML Schema boolean: 'true' or '1'. */
function xsdTrue(value: string | undefined): boolean {
  return value === 'true' || value === '1';
}

/**
 * One `<conference/>` (XEP-0402 and, with `roomText` from the jid attribute, XEP-0048) as a
 * Bookmark: null for an invalid room address. An unusable nick (one that would not make a
 * valid occupant JID) becomes null rather than dropping the bookmark.
 */
export function parseConference(
  conference: Element,
  roomText: unknown,
  ns: string,
): Bookmark | null {
  const jid = parseBareRoom(roomText);
  if (!jid) return null;
  const nick = childIn(conference, 'nick', ns)?.getText() ?? '';
  const password = childIn(conference, 'password', ns)?.getText() ?? '';
  const bookmark: Bookmark = {
    jid,
    name: capText(conference.attrs.name ?? '', MAX_NAME),
    autojoin: xsdTrue(conference.attrs.autojoin),
    nick: nick && parseJid(`${jid}/${nick}`) ? nick : null,
    password: password ? capText(password, 1024) : null,
  };
  // Only XEP-0402 has extensions; XEP-0048 conference elements have none to keep.
  const extensions =
    ns === NS_BOOKMARKS2 ? extensionsText(childIn(conference, 'extensions', ns)) : null;
  return extensions ? { ...bookmark, extensions } : bookmark;
}

function extensionsText(el: Element | null): string | null {
  if (!el) return null;
  // Serialised on its own, so its namespace must be written out (it was inherited).
  const copy = parseXml(el.toString());
  if (!copy) return null;
  copy.attrs.xmlns = NS_BOOKMARKS2;
  const text = copy.toString();
  return text.length <= MAX_EXTENSIONS_XML ? text : null;
}

/** The stored extensions as an element to republish; null when absent or not what we stored. */
function extensionsElement(text: string | null | undefined): Element | null {
  if (!text) return null;
  const el = parseXml(text);
  return el && el.name === 'extensions' && el.attrs.xmlns === NS_BOOKMARKS2 ? el : null;
}

function parseItems(items: Element, ns: string): Bookmark[] {
  const byJid = new Map<string, Bookmark>();
  for (const item of childrenIn(items, 'item', ns)) {
    if (byJid.size >= MAX_BOOKMARKS) break;
    const conference = childIn(item, 'conference', NS_BOOKMARKS2);
    const bookmark = conference ? parseConference(conference, item.attrs.id, NS_BOOKMARKS2) : null;
    if (bookmark && !byJid.has(bookmark.jid)) byJid.set(bookmark.jid, bookmark);
  }
  return [...byJid.values()];
}

/** Fetch all bookmarks (to our own PEP service: no `to`). */
export function buildBookmarksFetch(): Element {
  return xml(
    'iq',
    { type: 'get' },
    xml('pubsub', { xmlns: NS_PUBSUB }, xml('items', { node: NS_BOOKMARKS2 })),
  );
}

/** The bookmarks in a fetch result (invalid and duplicate items skipped); [] otherwise. */
export function parseBookmarkItems(iq: Element): Bookmark[] {
  if (iqType(iq) !== 'result') return [];
  const pubsub = childIn(iq, 'pubsub', NS_PUBSUB);
  const items = pubsub ? childIn(pubsub, 'items', NS_PUBSUB) : null;
  return items && items.attrs.node === NS_BOOKMARKS2 ? parseItems(items, NS_PUBSUB) : [];
}

function option(name: string, value: string): Element {
  return xml('field', { var: name }, xml('value', {}, value));
}

/**
 * Add or replace a bookmark. The publish-options make the node private (whitelist: only we
 * can read it, it holds room passwords), keep every item (max_items 'max') and never push the
 * last item on presence. A server that cannot apply them fails the publish
 * (precondition-not-met) instead of storing the bookmark with weaker settings.
 */
export function buildBookmarkPublish(b: Bookmark): Element {
  const room = requireJid(b.jid).bare().toString();
  return xml(
    'iq',
    { type: 'set' },
    xml(
      'pubsub',
      { xmlns: NS_PUBSUB },
      xml(
        'publish',
        { node: NS_BOOKMARKS2 },
        xml(
          'item',
          { id: room },
          xml(
            'conference',
            {
              xmlns: NS_BOOKMARKS2,
              name: b.name || undefined,
              autojoin: b.autojoin ? 'true' : 'false',
            },
            b.nick ? xml('nick', {}, b.nick) : null,
            b.password ? xml('password', {}, b.password) : null,
            extensionsElement(b.extensions),
          ),
        ),
      ),
      xml(
        'publish-options',
        {},
        xml(
          'x',
          { xmlns: NS_DATA, type: 'submit' },
          xml(
            'field',
            { var: 'FORM_TYPE', type: 'hidden' },
            xml('value', {}, FORM_PUBLISH_OPTIONS),
          ),
          option('pubsub#persist_items', 'true'),
          option('pubsub#max_items', 'max'),
          option('pubsub#send_last_published_item', 'never'),
          option('pubsub#access_model', 'whitelist'),
        ),
      ),
    ),
  );
}

/** Remove a bookmark; notify='true' tells our other clients. */
export function buildBookmarkRetract(room: JidInput): Element {
  return xml(
    'iq',
    { type: 'set' },
    xml(
      'pubsub',
      { xmlns: NS_PUBSUB },
      xml(
        'retract',
        { node: NS_BOOKMARKS2, notify: 'true' },
        xml('item', { id: requireJid(room).bare().toString() }),
      ),
    ),
  );
}

export interface BookmarkNotification {
  published: Bookmark[];
  /** Bare room JIDs whose bookmark was removed. */
  retracted: string[];
  /** The whole node was purged or deleted: every bookmark is gone. */
  purged: boolean;
}

/**
 * A PEP notification for the bookmarks node, or null: when it is not one, and whenever the
 * message does not come from our own account (absent from, or exactly our bare JID). Items
 * sent without payload are skipped (fetch the list again to learn them).
 */
export function parseBookmarkNotification(
  stanza: Element,
  ownJid: JidInput,
): BookmarkNotification | null {
  if (stanza.getName() !== 'message' || stanza.attrs.type === 'error') return null;
  const own = typeof ownJid === 'string' ? parseJid(ownJid) : ownJid;
  if (!own || !isFromOwnAccount(stanza.attrs.from, own)) return null;
  const event = childIn(stanza, 'event', NS_PUBSUB_EVENT);
  if (!event) return null;
  const ours = (el: Element | null) => el !== null && el.attrs.node === NS_BOOKMARKS2;
  const items = childIn(event, 'items', NS_PUBSUB_EVENT);
  const purged =
    ours(childIn(event, 'purge', NS_PUBSUB_EVENT)) ||
    ours(childIn(event, 'delete', NS_PUBSUB_EVENT));
  if (!ours(items) && !purged) return null;
  const retracted = new Set<string>();
  if (items && ours(items)) {
    for (const r of childrenIn(items, 'retract', NS_PUBSUB_EVENT)) {
      if (retracted.size >= MAX_BOOKMARKS) break;
      const room = parseBareRoom(r.attrs.id);
      if (room) retracted.add(room);
    }
  }
  return {
    published: items && ours(items) ? parseItems(items, NS_PUBSUB_EVENT) : [],
    retracted: [...retracted],
    purged,
  };
}
