// XEP-0313 Message Archive Management (urn:xmpp:mam:2) with XEP-0059 Result Set Management.
import {
  childIn,
  formatDateTime,
  idAttr,
  iqType,
  isFromOwnAccount,
  MAX_ID_LENGTH,
  parseJid,
  requireJid,
  toJid,
  xml,
  type Element,
  type JidInput,
} from '../stanza.js';
import { NS_DATA } from './disco.js';
import { isWrapper, NS_MAM, singleForwarded } from './forward.js';

export { NS_MAM };
export const NS_RSM = 'http://jabber.org/protocol/rsm';
/** Servers cap pages anyway (Prosody: 50 by default, more on request); we never ask beyond this. */
export const MAX_PAGE = 1000;

export interface MamQueryOptions {
  /** Echoed in every result; tells this query's results from another's. */
  queryId: string;
  /** The archive to query: omitted for our own, a room JID for a MUC archive. */
  to?: JidInput;
  /** Only messages exchanged with this JID. */
  with?: JidInput;
  /** UTC ms bounds (inclusive, per the XEP). Prefer paging by archive id over timestamps. */
  start?: number;
  end?: number;
  /** RSM: the page after this archive id (catching up forwards). */
  after?: string;
  /** RSM: the page before this archive id, or `true` for the last page (newest first paging). */
  before?: string | true;
  /** Page size, clamped to 0..MAX_PAGE (0 asks only for the count). */
  max: number;
}

function field(name: string, value: string, type?: string): Element {
  return xml('field', { var: name, type }, xml('value', {}, value));
}

export function buildMamQuery(o: MamQueryOptions): Element {
  const max = Math.max(0, Math.min(MAX_PAGE, Math.trunc(o.max)));
  return xml(
    'iq',
    { type: 'set', to: o.to === undefined ? undefined : requireJid(o.to).bare().toString() },
    xml(
      'query',
      { xmlns: NS_MAM, queryid: o.queryId },
      xml(
        'x',
        { xmlns: NS_DATA, type: 'submit' },
        field('FORM_TYPE', NS_MAM, 'hidden'),
        o.with !== undefined ? field('with', requireJid(o.with).toString()) : null,
        o.start !== undefined ? field('start', formatDateTime(o.start)) : null,
        o.end !== undefined ? field('end', formatDateTime(o.end)) : null,
      ),
      xml(
        'set',
        { xmlns: NS_RSM },
        xml('max', {}, String(max)),
        o.after !== undefined ? xml('after', {}, o.after) : null,
        o.before === true
          ? xml('before')
          : o.before !== undefined
            ? xml('before', {}, o.before)
            : null,
      ),
    ),
  );
}

export interface MamResult {
  /** The result's queryid (route results of concurrent queries by it). */
  queryId: string;
  /** The archive's id for this message (its stanza-id): the cursor for paging and dedup. */
  archiveId: string;
  /** The archived message, to parse with parseChatMessage. */
  forwarded: Element;
  /** When the archive received it (UTC ms); null if the server left it out. */
  delay: number | null;
}

/**
 * - foreign: not from the queried archive. Anyone can send us a message shaped like a MAM
 *   result; accepting it would let them write into our history.
 * - malformed: no archive id or not exactly one forwarded message.
 * - nested: a carbon or MAM result inside the result.
 */
export interface MamRejection {
  rejected: 'foreign' | 'malformed' | 'nested';
}

export interface MamResultContext {
  /** When given, results of other queries give null. */
  queryId?: string;
  ownBareJid: JidInput;
  /** The archive queried (buildMamQuery's `to`); default our own account. */
  archiveJid?: JidInput;
}

/**
 * A MAM result message. Null when the message has no MAM result, or `ctx.queryId` is given and
 * the result belongs to another query. The outer `from` must be absent or our bare JID for our own
 * archive, exactly the archive's bare JID for another (a MUC room).
 */
export function parseMamResult(
  stanza: Element,
  ctx: MamResultContext,
): MamResult | MamRejection | null {
  if (stanza.getName() !== 'message') return null;
  const result = childIn(stanza, 'result', NS_MAM);
  if (!result) return null;
  if (!isFromArchive(stanza.attrs.from, ctx.ownBareJid, ctx.archiveJid))
    return { rejected: 'foreign' };
  const queryId = result.attrs.queryid;
  if (ctx.queryId !== undefined && queryId !== ctx.queryId) return null;
  const archiveId = idAttr(result, 'id');
  const forwarded = singleForwarded(result);
  if (!archiveId || !forwarded || !queryId || queryId.length > MAX_ID_LENGTH) {
    return { rejected: 'malformed' };
  }
  if (isWrapper(forwarded.message)) return { rejected: 'nested' };
  return { queryId, archiveId, forwarded: forwarded.message, delay: forwarded.delay };
}

function isFromArchive(
  from: string | undefined,
  ownInput: JidInput,
  archiveInput?: JidInput,
): boolean {
  const own = toJid(ownInput);
  const archive = archiveInput === undefined ? own : toJid(archiveInput);
  if (!own || !archive) return false;
  if (archive.bare().equals(own.bare())) return isFromOwnAccount(from, own);
  const parsed = parseJid(from);
  return parsed !== null && !parsed.resource && parsed.equals(archive.bare());
}

export interface MamFin {
  /** The last page has been delivered (in the paging direction). */
  complete: boolean;
  /** stable='false': the archive may still change; re-query this range later. */
  stable: boolean;
  /** Archive id of the first/last message of this page; null for an empty page. */
  first: string | null;
  last: string | null;
  /** Total matching messages, when the server says. */
  count: number | null;
}

function rsmText(set: Element | null, name: string): string | null {
  const text = set ? childIn(set, name, NS_RSM)?.getText() : undefined;
  return text && text.length <= MAX_ID_LENGTH ? text : null;
}

/**
 * The iq result that ends a query (mam:2 puts `<fin/>` in the result). Null when not an iq
 * result with a fin, or when `archiveJid` is given and the iq comes from elsewhere.
 */
export function parseMamFin(
  iq: Element,
  ownBareJid?: JidInput,
  archiveJid?: JidInput,
): MamFin | null {
  if (iqType(iq) !== 'result') return null;
  if (ownBareJid !== undefined && !isFromArchive(iq.attrs.from, ownBareJid, archiveJid))
    return null;
  const fin = childIn(iq, 'fin', NS_MAM);
  if (!fin) return null;
  const set = childIn(fin, 'set', NS_RSM);
  const countText = rsmText(set, 'count');
  const count = countText !== null && /^\d{1,15}$/.test(countText) ? Number(countText) : null;
  return {
    complete: fin.attrs.complete === 'true' || fin.attrs.complete === '1',
    stable: fin.attrs.stable !== 'false' && fin.attrs.stable !== '0',
    first: rsmText(set, 'first'),
    last: rsmText(set, 'last'),
    count,
  };
}
