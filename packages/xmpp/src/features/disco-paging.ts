// XEP-0030 disco#items for the service discovery browser: asks for one page with XEP-0059
// Result Set Management. A service that pages answers with a <set/> (its cursor and count);
// one that does not ignores the request and sends everything, which is cut at `max` here.
import { capText, childIn, iqType, xml, type Element } from '../stanza.js';
import {
  buildDiscoItemsQuery,
  NS_DISCO_ITEMS,
  parseDiscoItems,
  type DiscoItem,
} from './disco-items.js';
import { NS_RSM } from './mam.js';

export function buildDiscoItemsPage(
  to: string,
  node: string | null,
  max: number,
  after: string | null,
): Element {
  const iq = buildDiscoItemsQuery(to, node ?? undefined);
  const query = iq.getChild('query', NS_DISCO_ITEMS);
  query?.append(
    xml(
      'set',
      { xmlns: NS_RSM },
      xml('max', {}, String(max)),
      after ? xml('after', {}, after) : null,
    ),
  );
  return iq;
}

export interface DiscoItemsPage {
  items: DiscoItem[];
  /** The cursor to ask for the next page with; null on the last page or without paging. */
  next: string | null;
  /** RSM <count/> when given. */
  count: number | null;
  /** More items than `max` came without paging: only the first `max` are kept. */
  truncated: boolean;
}

export function parseDiscoItemsPage(iq: Element, max: number): DiscoItemsPage {
  const all = parseDiscoItems(iq);
  const query = iqType(iq) === 'result' ? childIn(iq, 'query', NS_DISCO_ITEMS) : null;
  const set = query ? childIn(query, 'set', NS_RSM) : null;
  if (!set) {
    return { items: all.slice(0, max), next: null, count: null, truncated: all.length > max };
  }
  const countText = childIn(set, 'count', NS_RSM)?.getText() ?? '';
  const count = /^\d{1,9}$/u.test(countText) ? Number(countText) : null;
  const last = capText(childIn(set, 'last', NS_RSM)?.getText() ?? '', 1024);
  const items = all.slice(0, max);
  const first = Number(childIn(set, 'first', NS_RSM)?.attrs.index ?? NaN);
  // Another page exists when the count says so, or (without a count) when this page was full.
  const more =
    count !== null && Number.isFinite(first) ? first + items.length < count : all.length >= max;
  return { items, next: more && last ? last : null, count, truncated: all.length > max };
}
