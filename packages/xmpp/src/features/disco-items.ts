// XEP-0030 disco#items: what a server hosts (components such as the MUC service) and what a
// MUC service lists (its public rooms, §6.3 of XEP-0045).
import {
  capText,
  childIn,
  childrenIn,
  iqType,
  parseJid,
  requireJid,
  xml,
  type Element,
  type JidInput,
} from '../stanza.js';

export const NS_DISCO_ITEMS = 'http://jabber.org/protocol/disco#items';
/** Public services list thousands of rooms; beyond this a service is broken or hostile. */
export const MAX_DISCO_ITEMS = 10_000;
const MAX_NAME = 1024;

export interface DiscoItem {
  jid: string;
  /** '' when the item has no name. */
  name: string;
  node: string | null;
}

export function buildDiscoItemsQuery(to: JidInput, node?: string): Element {
  return xml(
    'iq',
    { type: 'get', to: requireJid(to).toString() },
    xml('query', { xmlns: NS_DISCO_ITEMS, node }),
  );
}

/**
 * The items of a disco#items result; [] when the iq is not one. Items with an invalid JID are
 * skipped; at most MAX_DISCO_ITEMS are kept. (XEP-0059 paging of huge lists is not requested:
 * services that page return the first page.)
 */
export function parseDiscoItems(iq: Element): DiscoItem[] {
  if (iqType(iq) !== 'result') return [];
  const query = childIn(iq, 'query', NS_DISCO_ITEMS);
  if (!query) return [];
  const items: DiscoItem[] = [];
  for (const el of childrenIn(query, 'item', NS_DISCO_ITEMS)) {
    if (items.length >= MAX_DISCO_ITEMS) break;
    const jid = parseJid(el.attrs.jid);
    if (!jid) continue;
    const node = el.attrs.node;
    items.push({
      jid: jid.toString(),
      name: capText(el.attrs.name ?? '', MAX_NAME),
      node: node && node.length <= MAX_NAME ? node : null,
    });
  }
  return items;
}
