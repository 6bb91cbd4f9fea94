// Shared helpers for the feature modules in ./features: safe JID parsing, namespace-exact
// child lookup, bounded text, XEP-0082 date-times and iq replies. Everything here is pure
// and never throws on hostile input: parsers return null instead.
import { xml, type Element } from '@xmpp/xml';
import parseXmlText from '@xmpp/xml/lib/parse.js';
import { jid, type JID } from '@xmpp/jid';

export { xml, jid };
export type { Element, JID };

/** RFC 6120 §8.3: stanza error conditions live in this namespace. */
export const NS_STANZAS = 'urn:ietf:params:xml:ns:xmpp-stanzas';

/** RFC 7622 §3.1: every part of a JID is at most 1023 octets. */
const MAX_JID_PART_BYTES = 1023;
/** Ids (stanza id, origin-id, stanza-id, archive id, thread) longer than this are dropped. */
export const MAX_ID_LENGTH = 256;

const encoder = new TextEncoder();
// Control characters are forbidden in every JID part (PRECIS IdentifierClass/OpaqueString).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
// Characters RFC 7622 forbids in a localpart (before XEP-0106 escaping) and whitespace.
const BAD_LOCAL = /[\s"&'/:<>@]/;
// A domainpart is a hostname or a bracketed IP literal: no whitespace, '@', '/', quotes, '<>'.
const BAD_DOMAIN = /[\s"&'/<>@\\]/;

function bytes(s: string): number {
  return encoder.encode(s).length;
}

/**
 * Parse a JID from untrusted text, returning null when it is not a valid address.
 * `@xmpp/jid` alone only rejects an empty domain (it parses "a@b@c" as domain "b@c"), so the
 * raw parts are checked first; the result is the library's JID (local/domain lowercased).
 */
export function parseJid(text: unknown): JID | null {
  if (typeof text !== 'string' || text.length === 0 || text.length > 3071) return null;
  // The same few addresses come in every message: parsing (escaping detection above all) was
  // ~10 µs a time. JIDs from here are treated as immutable by all callers.
  const known = parsed.get(text);
  if (known !== undefined) return known;
  const result = parseJidUncached(text);
  if (parsed.size >= PARSED_CACHE_SIZE) parsed.delete(parsed.keys().next().value as string);
  parsed.set(text, result);
  return result;
}

const PARSED_CACHE_SIZE = 2_000;
const parsed = new Map<string, JID | null>();

function parseJidUncached(text: string): JID | null {
  const slash = text.indexOf('/');
  const head = slash === -1 ? text : text.slice(0, slash);
  const resource = slash === -1 ? null : text.slice(slash + 1);
  const at = head.indexOf('@');
  const local = at === -1 ? null : head.slice(0, at);
  const domain = at === -1 ? head : head.slice(at + 1);

  if (local !== null) {
    if (local.length === 0 || bytes(local) > MAX_JID_PART_BYTES) return null;
    if (BAD_LOCAL.test(local) || CONTROL.test(local)) return null;
  }
  if (domain.length === 0 || bytes(domain) > MAX_JID_PART_BYTES) return null;
  if (BAD_DOMAIN.test(domain) || CONTROL.test(domain)) return null;
  // ':' only inside an IPv6 literal; "host:5222" is not a JID.
  if (domain.includes(':') && !/^\[[0-9a-fA-F:.]+\]$/.test(domain)) return null;
  if (domain.startsWith('.') || domain.includes('..')) return null;
  if (resource !== null) {
    if (resource.length === 0 || bytes(resource) > MAX_JID_PART_BYTES) return null;
    if (CONTROL.test(resource)) return null;
  }
  try {
    return jid(text);
  } catch {
    return null;
  }
}

/**
 * Addresses handed to builders and parser contexts: a JID from @xmpp/jid or its text. Text is
 * parsed (and normalized) with parseJid.
 */
export type JidInput = JID | string;

/** A JidInput as a JID, or null when the text is not a valid JID. */
export function toJid(input: JidInput): JID | null {
  return typeof input === 'string' ? parseJid(input) : input;
}

/**
 * For builders: a JidInput as a JID. Throws TypeError on invalid text: a builder given an
 * invalid address is a caller bug (addresses are validated where they enter the backend).
 */
export function requireJid(input: JidInput): JID {
  const parsed = toJid(input);
  if (!parsed) throw new TypeError(`Invalid JID: ${JSON.stringify(String(input).slice(0, 100))}`);
  return parsed;
}

/** A JID that must be bare (roster items, subscription targets): a resource makes it invalid. */
export function parseBareJid(text: unknown): JID | null {
  const parsed = parseJid(text);
  return parsed && !parsed.resource ? parsed : null;
}

/**
 * The bare address as text: what `jid.bare().toString()` gives, without building a new JID
 * (the library re-runs its escaping detection on every construction, ~10 µs, per message).
 */
export function bareOf(jid: JID): string {
  return jid.local ? `${jid.local}@${jid.domain}` : jid.domain;
}

/** True when both addresses parse and are the same bare JID (resources ignored). */
export function sameBare(a: JID, b: JID): boolean {
  // What a.bare().equals(b.bare()) decides, without building two JIDs (it runs per message).
  return a.local === b.local && a.domain === b.domain;
}

/**
 * Is this `from` value one the user's own account may send? Absent `from` means "from the
 * user's account" (RFC 6120 §8.1.2.1); otherwise it must be exactly the own bare JID.
 */
export function isFromOwnAccount(from: string | undefined, ownBareJid: JID): boolean {
  if (from === undefined) return true;
  const parsed = parseJid(from);
  return parsed !== null && !parsed.resource && parsed.equals(ownBareJid.bare());
}

/** Truncate to at most `max` UTF-16 units without splitting a surrogate pair. */
/** A detached deep copy of an element (this ltx has no clone()). */
export function copyElement(el: Element): Element {
  return xml(
    el.name,
    { ...el.attrs },
    ...el.children.map((c) => (typeof c === 'string' ? c : copyElement(c))),
  );
}

export function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return text.slice(0, end);
}

/** An id-like attribute: null when absent, empty or longer than MAX_ID_LENGTH. */
export function idAttr(el: Element, name: string): string | null {
  const value = el.attrs[name];
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID_LENGTH) return null;
  return value;
}

/**
 * Children named `name` whose namespace is exactly `ns` (undefined matches only children with
 * no namespace at all). ltx's own getChildren ignores the namespace when it is undefined.
 */
export function childrenIn(el: Element, name: string, ns: string | undefined): Element[] {
  return el.getChildElements().filter((c) => c.getName() === name && c.getNS() === ns);
}

export function childIn(el: Element, name: string, ns: string | undefined): Element | null {
  return childrenIn(el, name, ns)[0] ?? null;
}

/**
 * The stanza-namespace child (body, subject, status, thread, show...). Among several, the one
 * without xml:lang, or matching the stanza's xml:lang, wins (RFC 6121 §5.2.3); else the first.
 */
export function stanzaChild(stanza: Element, name: string): Element | null {
  const all = childrenIn(stanza, name, stanza.getNS());
  const lang = stanza.attrs['xml:lang'];
  return all.find((c) => !c.attrs['xml:lang'] || c.attrs['xml:lang'] === lang) ?? all[0] ?? null;
}

// XEP-0082 DateTime: CCYY-MM-DDThh:mm:ss[.sss]TZD, TZD = Z or ±hh:mm.
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** Parse an XEP-0082 DateTime to UTC ms; null for anything else (or out of 1970..9999). */
export function parseDateTime(text: unknown): number | null {
  if (typeof text !== 'string' || text.length > 40) return null;
  const m = DATETIME.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  if (mo === undefined || d === undefined || h === undefined || mi === undefined || s === undefined)
    return null;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  // Date.parse accepts at most ms precision reliably: cut the fraction to 3 digits.
  const fraction = (m[7] ?? '').slice(0, 4);
  const ms = Date.parse(
    `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] === '60' ? '59' : m[6]}${fraction}${m[8]}`,
  );
  if (!Number.isFinite(ms) || y === undefined || y < 1970) return null;
  // Date.parse rolls 2023-02-31 over to March: require the calendar date to round-trip.
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCMonth() !== mo - 1) return null;
  return ms;
}

/** Format UTC ms as an XEP-0082 DateTime (always UTC, millisecond precision). */
export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** Parse a serialized stanza; null on malformed XML. For tests and hostile-stanza corpora. */
export function parseXml(text: string): Element | null {
  try {
    return parseXmlText(text) ?? null;
  } catch {
    return null;
  }
}

/** The iq type, or null when this is not an iq or the type is not one of RFC 6120's four. */
export function iqType(el: Element): 'get' | 'set' | 'result' | 'error' | null {
  if (el.getName() !== 'iq') return null;
  const type = el.attrs.type;
  return type === 'get' || type === 'set' || type === 'result' || type === 'error' ? type : null;
}

/** The iq get/set's single payload element (RFC 6120 §8.2.3 allows exactly one). */
export function iqPayload(iq: Element): Element | null {
  const children = iq.getChildElements();
  return children.length === 1 ? (children[0] ?? null) : null;
}

/**
 * A result reply to an iq get/set: to = request's from (omitted when absent, i.e. from our
 * own account), same id. Null when the request is not get/set or has no id to answer.
 */
export function buildIqResult(request: Element, payload?: Element): Element | null {
  const type = iqType(request);
  if ((type !== 'get' && type !== 'set') || !request.attrs.id) return null;
  return xml('iq', { type: 'result', to: request.attrs.from, id: request.attrs.id }, payload);
}

/** A random stanza id (UUID v4), unique enough for XEP-0359 origin-ids. */
export function newId(): string {
  return crypto.randomUUID();
}
