// XEP-0191 Blocking Command: the blocklist get, block/unblock sets, the server's pushes, the
// "you blocked this JID" error, and the JID matching the server applies (XEP-0016 §2.1).
import {
  childIn,
  childrenIn,
  iqPayload,
  iqType,
  isFromOwnAccount,
  parseJid,
  requireJid,
  toJid,
  xml,
  type Element,
  type JID,
  type JidInput,
} from '../stanza.js';

export const NS_BLOCKING = 'urn:xmpp:blocking';
export const NS_BLOCKING_ERRORS = 'urn:xmpp:blocking:errors';

/** A blocklist longer than this is cut: memory per account stays bounded whatever the server says. */
export const MAX_BLOCKLIST = 10_000;

/** `<iq type='get'><blocklist xmlns='urn:xmpp:blocking'/></iq>` (§3.2). */
export function buildBlocklistGet(): Element {
  return xml('iq', { type: 'get' }, xml('blocklist', { xmlns: NS_BLOCKING }));
}

/**
 * The blocklist from a get's result (§3.2): normalized JIDs (bare, domain, or full), invalid
 * ones skipped, duplicates once, at most MAX_BLOCKLIST. Null unless it is a result from our own
 * account holding a `<blocklist/>`.
 */
export function parseBlocklistResult(iq: Element, ownBareJid: JidInput): string[] | null {
  const own = toJid(ownBareJid);
  if (!own || iqType(iq) !== 'result' || !isFromOwnAccount(iq.attrs.from, own)) return null;
  const list = childIn(iq, 'blocklist', NS_BLOCKING);
  return list ? itemJids(list) : null;
}

function itemJids(parent: Element): string[] {
  const seen = new Set<string>();
  for (const item of childrenIn(parent, 'item', NS_BLOCKING)) {
    const address = parseJid(item.attrs.jid);
    if (address) seen.add(address.toString());
    if (seen.size >= MAX_BLOCKLIST) break;
  }
  return [...seen];
}

/** What XEP-0377 adds inside a block's `<item/>` (see spam-reporting.ts); built by the caller. */
export type ItemExtra = (address: JID) => Element | null;

/**
 * Block these addresses (§3.3). At least one is required (the server refuses an empty block);
 * `extra` may add a child to each item (a XEP-0377 report).
 */
export function buildBlock(addresses: readonly JidInput[], extra?: ItemExtra): Element {
  if (addresses.length === 0) throw new TypeError('block needs at least one address');
  return xml(
    'iq',
    { type: 'set' },
    xml(
      'block',
      { xmlns: NS_BLOCKING },
      addresses.map((a) => {
        const address = requireJid(a);
        return xml('item', { jid: address.toString() }, extra?.(address) ?? null);
      }),
    ),
  );
}

/** Unblock these addresses (§3.4); an empty list unblocks everyone (§3.5). */
export function buildUnblock(addresses: readonly JidInput[]): Element {
  return xml(
    'iq',
    { type: 'set' },
    xml(
      'unblock',
      { xmlns: NS_BLOCKING },
      addresses.map((a) => xml('item', { jid: requireJid(a).toString() })),
    ),
  );
}

export type BlocklistPush =
  | { kind: 'block'; jids: string[] }
  | { kind: 'unblock'; jids: string[] }
  /** An `<unblock/>` without items: the whole list was emptied (§3.5). */
  | { kind: 'unblock-all' };

/**
 * A blocklist push (§3.3, §3.4): an iq set with `<block/>` or `<unblock/>` from our own
 * account. Null when it is no blocking push at all; `{ rejected }` when one comes from anyone
 * else (answer it with an error, change nothing) or names no valid address in a block.
 */
export function parseBlocklistPush(
  iq: Element,
  ownBareJid: JidInput,
): BlocklistPush | { rejected: 'forged' | 'malformed' } | null {
  if (iqType(iq) !== 'set') return null;
  const payload = iqPayload(iq);
  if (!payload || payload.getNS() !== NS_BLOCKING) return null;
  const name = payload.getName();
  if (name !== 'block' && name !== 'unblock') return null;
  const own = toJid(ownBareJid);
  if (!own || !isFromOwnAccount(iq.attrs.from, own)) return { rejected: 'forged' };
  const jids = itemJids(payload);
  if (name === 'unblock') {
    const items = childrenIn(payload, 'item', NS_BLOCKING).length;
    if (items === 0) return { kind: 'unblock-all' };
    return jids.length > 0 ? { kind: 'unblock', jids } : { rejected: 'malformed' };
  }
  return jids.length > 0 ? { kind: 'block', jids } : { rejected: 'malformed' };
}

/** The error a server returns for a stanza we sent to someone we block (§3.6). */
export function isBlockedError(stanza: Element): boolean {
  const error = childIn(stanza, 'error', stanza.getNS());
  return error !== null && childIn(error, 'blocked', NS_BLOCKING_ERRORS) !== null;
}

/**
 * Whether `address` is covered by a blocklist entry, as servers match them (XEP-0191 §3 by way
 * of XEP-0016 §2.1, and as Prosody does): the exact address, its bare JID, or its domain. So
 * `user@domain` blocks every resource of it and `domain` everyone there. `has` looks an entry
 * up by its normalized text.
 */
export function blockedBy(address: JID, has: (entry: string) => boolean): boolean {
  const { local, domain, resource } = address;
  const bare = local ? `${local}@${domain}` : domain;
  if (resource && has(`${bare}/${resource}`)) return true;
  return has(bare) || (local !== '' && has(domain));
}
