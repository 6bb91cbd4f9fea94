// XEP-0048 bookmarks in XEP-0049 private XML storage: the fallback for servers without
// XEP-0402. The whole list is one document, read and written at once.
import { childIn, childrenIn, iqType, requireJid, xml, type Element } from '../stanza.js';
import { MAX_BOOKMARKS, NS_BOOKMARKS2, parseConference, type Bookmark } from './bookmarks.js';
import type { DiscoInfo } from './disco.js';

export const NS_PRIVATE = 'jabber:iq:private';
export const NS_BOOKMARKS_LEGACY = 'storage:bookmarks';
/** XEP-0402 §5.3: the server keeps XEP-0402 and XEP-0048 bookmarks in step. */
export const FEATURE_BOOKMARKS2_COMPAT = `${NS_BOOKMARKS2}#compat`;
const FEATURE_PUBLISH_OPTIONS = 'http://jabber.org/protocol/pubsub#publish-options';

export function buildPrivateBookmarksFetch(): Element {
  return xml(
    'iq',
    { type: 'get' },
    xml('query', { xmlns: NS_PRIVATE }, xml('storage', { xmlns: NS_BOOKMARKS_LEGACY })),
  );
}

/** The conferences of a private-storage result (invalid and duplicate rooms skipped). */
export function parsePrivateBookmarks(iq: Element): Bookmark[] {
  if (iqType(iq) !== 'result') return [];
  const query = childIn(iq, 'query', NS_PRIVATE);
  const storage = query ? childIn(query, 'storage', NS_BOOKMARKS_LEGACY) : null;
  if (!storage) return [];
  const byJid = new Map<string, Bookmark>();
  for (const conference of childrenIn(storage, 'conference', NS_BOOKMARKS_LEGACY)) {
    if (byJid.size >= MAX_BOOKMARKS) break;
    const b = parseConference(conference, conference.attrs.jid, NS_BOOKMARKS_LEGACY);
    if (b && !byJid.has(b.jid)) byJid.set(b.jid, b);
  }
  return [...byJid.values()];
}

/**
 * Replace the stored list with `bookmarks`. XEP-0048 URL bookmarks (which this client does
 * not show) are not kept: private storage has no partial update.
 */
export function buildPrivateBookmarksStore(bookmarks: readonly Bookmark[]): Element {
  return xml(
    'iq',
    { type: 'set' },
    xml(
      'query',
      { xmlns: NS_PRIVATE },
      xml(
        'storage',
        { xmlns: NS_BOOKMARKS_LEGACY },
        bookmarks.map((b) =>
          xml(
            'conference',
            {
              jid: requireJid(b.jid).bare().toString(),
              name: b.name || undefined,
              autojoin: b.autojoin ? 'true' : 'false',
            },
            b.nick ? xml('nick', {}, b.nick) : null,
            b.password ? xml('password', {}, b.password) : null,
          ),
        ),
      ),
    ),
  );
}

/**
 * Use XEP-0402 (PEP) bookmarks? Given the disco#info of our own bare JID (the PEP service).
 * - 'urn:xmpp:bookmarks:1#compat': the server supports XEP-0402 and mirrors it to XEP-0048 for
 *   older clients. Prosody 0.12's mod_bookmarks advertises it (with '#compat-pep' and
 *   'urn:xmpp:bookmarks-conversion:0'); Dino, Gajim and Conversations switch on it.
 * - Otherwise a PEP service that supports publish-options can hold XEP-0402 items privately.
 *   Without publish-options the node would get the default access model ('presence': every
 *   contact could read room passwords), so that is never enough; plain item-ids support says
 *   nothing about privacy and is not used.
 */
export function supportsBookmarks2(accountDiscoInfo: DiscoInfo): boolean {
  const features = accountDiscoInfo.features;
  if (features.includes(FEATURE_BOOKMARKS2_COMPAT)) return true;
  const pep = accountDiscoInfo.identities.some((i) => i.category === 'pubsub' && i.type === 'pep');
  return pep && features.includes(FEATURE_PUBLISH_OPTIONS);
}
