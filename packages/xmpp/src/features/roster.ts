// RFC 6121 §2: roster get (with §2.6 versioning), pushes, set and remove.
import type { Subscription } from '@parley/contract';
import {
  capText,
  childIn,
  childrenIn,
  iqPayload,
  iqType,
  isFromOwnAccount,
  parseBareJid,
  xml,
  requireJid,
  toJid,
  type Element,
  type JidInput,
} from '../stanza.js';

export const NS_ROSTER = 'jabber:iq:roster';

/** Limits on what the server may hand us; the contract caps names/groups at these sizes too. */
export const MAX_ROSTER_ITEMS = 10_000;
export const MAX_ROSTER_NAME = 1024;
export const MAX_ROSTER_GROUPS = 100;
const MAX_VERSION = 1024;

export interface RosterItem {
  /** Bare JID, normalized by @xmpp/jid. */
  jid: string;
  /** '' when the item has no name. */
  name: string;
  /** Trimmed, non-empty, deduplicated, at most MAX_ROSTER_GROUPS. */
  groups: string[];
  subscription: Subscription;
  /** ask='subscribe': our subscription request is pending. */
  askSubscribe: boolean;
}

export interface RosterResult {
  /** The roster version to store for the next login, null when the server does not version. */
  version: string | null;
  /** The whole roster: replaces the cached one. */
  items: RosterItem[];
}

export interface RosterPush {
  version: string | null;
  /** subscription='remove': delete the contact. `item` then carries only the jid. */
  removed: boolean;
  item: RosterItem;
}

/** A roster push that must be refused (answer it with buildIqError, do not apply it). */
export interface RosterPushRejection {
  rejected: 'forged' | 'malformed';
}

const SUBSCRIPTIONS: readonly string[] = ['none', 'to', 'from', 'both'];

/** `<iq type='get'><query xmlns='jabber:iq:roster' ver='…'/></iq>`; pass '' for a first versioned get. */
export function buildRosterGet(ver?: string | null): Element {
  return xml('iq', { type: 'get' }, xml('query', { xmlns: NS_ROSTER, ver: ver ?? undefined }));
}

function parseVersion(query: Element): string | null {
  const ver = query.attrs.ver;
  return typeof ver === 'string' && ver.length <= MAX_VERSION ? ver : null;
}

function parseGroups(item: Element): string[] {
  const groups: string[] = [];
  for (const group of childrenIn(item, 'group', NS_ROSTER)) {
    const name = capText(group.getText().trim(), MAX_ROSTER_NAME);
    if (name && !groups.includes(name)) groups.push(name);
    if (groups.length >= MAX_ROSTER_GROUPS) break;
  }
  return groups;
}

/** One `<item/>`; null when its jid is missing/invalid/not bare. `remove` only allowed in pushes. */
function parseItem(
  item: Element,
  allowRemove: boolean,
): { item: RosterItem; removed: boolean } | null {
  const address = parseBareJid(item.attrs.jid);
  if (!address) return null;
  const raw = item.attrs.subscription ?? 'none';
  const removed = raw === 'remove';
  if (removed && !allowRemove) return null;
  return {
    removed,
    item: {
      jid: address.toString(),
      name: removed ? '' : capText((item.attrs.name ?? '').trim(), MAX_ROSTER_NAME),
      groups: removed ? [] : parseGroups(item),
      // RFC 6121 §2.1.2.5: unknown values are treated as 'none'.
      subscription: (SUBSCRIPTIONS.includes(raw) ? raw : 'none') as Subscription,
      askSubscribe: !removed && item.attrs.ask === 'subscribe',
    },
  };
}

/**
 * The result of buildRosterGet. Null means "keep the cached roster": the server answered a
 * versioned get with an empty result (§2.6.3: the cache is current, changes follow as pushes),
 * or the answer is unusable (not an iq result, from anyone but our own account, or a query in
 * the wrong namespace). A returned roster is complete: items with invalid JIDs are skipped,
 * duplicates keep the first, and past MAX_ROSTER_ITEMS the rest are dropped.
 */
export function parseRosterResult(iq: Element, ownBareJid: JidInput): RosterResult | null {
  const own = toJid(ownBareJid);
  if (!own || iqType(iq) !== 'result' || !isFromOwnAccount(iq.attrs.from, own)) return null;
  const query = childIn(iq, 'query', NS_ROSTER);
  if (!query) return null;
  const items: RosterItem[] = [];
  const seen = new Set<string>();
  for (const el of childrenIn(query, 'item', NS_ROSTER)) {
    const parsed = parseItem(el, false);
    if (!parsed || seen.has(parsed.item.jid)) continue;
    seen.add(parsed.item.jid);
    items.push(parsed.item);
    if (items.length >= MAX_ROSTER_ITEMS) break;
  }
  return { version: parseVersion(query), items };
}

/**
 * A roster push (§2.1.6). Null when the stanza is not an iq set with a roster query at all
 * (not ours to answer). A push with a `from` other than the user's own bare JID is rejected as
 * forged (CVE-2015-8688: anyone could otherwise add contacts or rename them); one without
 * exactly one valid item is rejected as malformed.
 */
export function parseRosterPush(
  iq: Element,
  ownBareJid: JidInput,
): RosterPush | RosterPushRejection | null {
  if (iqType(iq) !== 'set') return null;
  const query = iqPayload(iq);
  if (!query || query.getName() !== 'query' || query.getNS() !== NS_ROSTER) return null;
  const own = toJid(ownBareJid);
  if (!own || !isFromOwnAccount(iq.attrs.from, own)) return { rejected: 'forged' };
  const items = childrenIn(query, 'item', NS_ROSTER);
  const first = items[0];
  if (items.length !== 1 || !first) return { rejected: 'malformed' };
  const parsed = parseItem(first, true);
  if (!parsed) return { rejected: 'malformed' };
  return { version: parseVersion(query), ...parsed };
}

export interface RosterItemInput {
  jid: JidInput;
  name?: string;
  groups?: readonly string[];
}

/** Add or update a contact (§2.3/§2.4). Groups are trimmed and deduplicated; '' name omitted. */
export function buildRosterSet(input: RosterItemInput): Element {
  const groups = [...new Set((input.groups ?? []).map((g) => g.trim()).filter(Boolean))];
  const name = input.name?.trim();
  return xml(
    'iq',
    { type: 'set' },
    xml(
      'query',
      { xmlns: NS_ROSTER },
      xml(
        'item',
        { jid: requireJid(input.jid).bare().toString(), name: name || undefined },
        groups.map((g) => xml('group', {}, g)),
      ),
    ),
  );
}

/** Delete a contact (§2.5): the server also cancels subscriptions both ways. */
export function buildRosterRemove(address: JidInput): Element {
  return xml(
    'iq',
    { type: 'set' },
    xml(
      'query',
      { xmlns: NS_ROSTER },
      xml('item', { jid: requireJid(address).bare().toString(), subscription: 'remove' }),
    ),
  );
}
