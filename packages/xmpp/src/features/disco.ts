// XEP-0030 disco#info (asking others, answering for ourselves) and XEP-0115 entity caps.
import { createHash } from 'node:crypto';
import {
  capText,
  childIn,
  childrenIn,
  iqPayload,
  iqType,
  xml,
  requireJid,
  type Element,
  type JidInput,
} from '../stanza.js';
import { buildIqError } from './errors.js';

export const NS_DISCO_INFO = 'http://jabber.org/protocol/disco#info';
export const NS_CAPS = 'http://jabber.org/protocol/caps';
export const NS_DATA = 'jabber:x:data';
/**
 * XEP-0115 node: a URI naming the software. Placeholder until the project has a home page;
 * changing it changes nothing but what peers display.
 */
export const CAPS_NODE = 'https://parley.invalid';

/** Bounds on what a peer's disco#info may make us hold. */
const MAX_IDENTITIES = 64;
const MAX_FEATURES = 512;
const MAX_FORMS = 16;
const MAX_FIELDS = 64;
const MAX_VALUES = 64;
const MAX_STRING = 1024;

export interface DiscoIdentity {
  category: string;
  type: string;
  name: string | null;
  lang: string | null;
}

/** XEP-0128 extended info: a data form reduced to what caps hashing needs. */
export interface DiscoForm {
  /** The FORM_TYPE value; null when absent (the form is then left out of caps hashing). */
  formType: string | null;
  /** Several different FORM_TYPEs: the whole disco#info must not be trusted for caps. */
  illFormed: boolean;
  fields: Array<{ var: string; values: string[] }>;
}

export interface DiscoInfo {
  identities: DiscoIdentity[];
  /** As sent (duplicates kept so verifyCaps can refuse them, XEP-0115 §5.4). */
  features: string[];
  forms: DiscoForm[];
}

export interface CapsInfo {
  node: string;
  ver: string;
  hash: string;
}

export function buildDiscoInfoQuery(to: JidInput, node?: string): Element {
  return xml(
    'iq',
    { type: 'get', to: requireJid(to).toString() },
    xml('query', { xmlns: NS_DISCO_INFO, node }),
  );
}

function str(value: string | undefined): string | null {
  return typeof value === 'string' && value.length <= MAX_STRING ? value : null;
}

function parseForm(x: Element): DiscoForm | null {
  if (x.attrs.type !== 'result') return null;
  const formTypes: string[] = [];
  const fields: DiscoForm['fields'] = [];
  for (const field of childrenIn(x, 'field', NS_DATA).slice(0, MAX_FIELDS)) {
    const name = str(field.attrs.var);
    if (name === null) continue;
    const values = childrenIn(field, 'value', NS_DATA)
      .slice(0, MAX_VALUES)
      .map((v) => capText(v.getText(), MAX_STRING));
    if (name === 'FORM_TYPE') formTypes.push(...new Set(values));
    else fields.push({ var: name, values });
  }
  // XEP-0115 §5.4 3.3: several FORM_TYPE fields or differing values make the response ill-formed.
  const illFormed = new Set(formTypes).size > 1;
  return { formType: illFormed ? null : (formTypes[0] ?? null), illFormed, fields };
}

/** A disco#info result. Null when not an iq result with a disco#info query. */
export function parseDiscoInfo(iq: Element): DiscoInfo | null {
  if (iqType(iq) !== 'result') return null;
  const query = childIn(iq, 'query', NS_DISCO_INFO);
  if (!query) return null;
  const identities: DiscoIdentity[] = [];
  for (const el of childrenIn(query, 'identity', NS_DISCO_INFO).slice(0, MAX_IDENTITIES)) {
    const category = str(el.attrs.category);
    const type = str(el.attrs.type);
    if (!category || !type) continue;
    identities.push({ category, type, name: str(el.attrs.name), lang: str(el.attrs['xml:lang']) });
  }
  const features: string[] = [];
  for (const el of childrenIn(query, 'feature', NS_DISCO_INFO).slice(0, MAX_FEATURES)) {
    const name = str(el.attrs.var);
    if (name) features.push(name);
  }
  const forms: DiscoForm[] = [];
  for (const x of childrenIn(query, 'x', NS_DATA).slice(0, MAX_FORMS)) {
    const form = parseForm(x);
    if (form) forms.push(form);
  }
  return { identities, features, forms };
}

/** What Parley implements and therefore answers or handles. */
export const PARLEY_FEATURES: readonly string[] = [
  NS_CAPS,
  'http://jabber.org/protocol/chatstates',
  NS_DISCO_INFO,
  'http://jabber.org/protocol/muc',
  'jabber:iq:version',
  'jabber:x:conference',
  // XEP-0066: we read and send file URLs as out-of-band data in messages.
  'jabber:x:oob',
  // +notify: subscribe to our own bookmark changes through PEP (XEP-0163 §4).
  'urn:xmpp:bookmarks:1+notify',
  'urn:xmpp:carbons:2',
  // XEP-0333 displayed markers, XEP-0444 reactions, XEP-0461 replies (with XEP-0428 fallback).
  'urn:xmpp:chat-markers:0',
  'urn:xmpp:fallback:0',
  // XEP-0300 §4: we read and send SHA-256 hashes of shared files (XEP-0447).
  'urn:xmpp:hash-function-text-names:sha-256',
  'urn:xmpp:hashes:2',
  'urn:xmpp:mam:2',
  'urn:xmpp:ping',
  'urn:xmpp:reactions:0',
  'urn:xmpp:receipts',
  'urn:xmpp:reply:0',
  // XEP-0447 stateless file sharing.
  'urn:xmpp:sfs:0',
  'urn:xmpp:sid:0',
  'urn:xmpp:time',
];

/** Our own disco#info (XEP-0030 identity client/pc). */
export function ownDiscoInfo(name = 'Parley'): DiscoInfo {
  return {
    identities: [{ category: 'client', type: 'pc', name, lang: null }],
    features: [...PARLEY_FEATURES].sort(),
    forms: [],
  };
}

// XEP-0115 §5.1 sorts with "i;octet" collation: compare UTF-8 bytes, not UTF-16 units.
function octetCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** The XEP-0115 §5.1 verification string S (before hashing). */
export function capsVerificationString(info: DiscoInfo): string {
  const identities = info.identities
    .map((i) => `${i.category}/${i.type}/${i.lang ?? ''}/${i.name ?? ''}`)
    .sort(octetCompare);
  let s = identities.map((i) => `${i}<`).join('');
  s += [...info.features]
    .sort(octetCompare)
    .map((f) => `${f}<`)
    .join('');
  const forms = info.forms
    .filter((f): f is DiscoForm & { formType: string } => f.formType !== null)
    .sort((a, b) => octetCompare(a.formType, b.formType));
  for (const form of forms) {
    s += `${form.formType}<`;
    for (const field of [...form.fields].sort((a, b) => octetCompare(a.var, b.var))) {
      s += `${field.var}<`;
      s += [...field.values]
        .sort(octetCompare)
        .map((v) => `${v}<`)
        .join('');
    }
  }
  return s;
}

/** The `ver` attribute: base64 of SHA-1 over the verification string. */
export function capsHash(info: DiscoInfo): string {
  return createHash('sha1').update(capsVerificationString(info), 'utf8').digest('base64');
}

/**
 * Does a peer's disco#info match the `ver` it advertised? Per XEP-0115 §5.4 a result with
 * duplicate identities, features or FORM_TYPEs must not be cached: false. Only sha-1 is
 * supported (the only hash in practical use); other hashes are unverifiable: false.
 */
export function verifyCaps(info: DiscoInfo, caps: CapsInfo): boolean {
  if (caps.hash !== 'sha-1') return false;
  const ids = info.identities.map((i) => `${i.category}/${i.type}/${i.lang ?? ''}/${i.name ?? ''}`);
  if (new Set(ids).size !== ids.length) return false;
  if (new Set(info.features).size !== info.features.length) return false;
  if (info.forms.some((f) => f.illFormed)) return false;
  const types = info.forms.map((f) => f.formType).filter((t) => t !== null);
  if (new Set(types).size !== types.length) return false;
  return capsHash(info) === caps.ver;
}

/** The `<c/>` element to put in our presence. */
export function buildCaps(info: DiscoInfo = ownDiscoInfo()): Element {
  return xml('c', { xmlns: NS_CAPS, hash: 'sha-1', node: CAPS_NODE, ver: capsHash(info) });
}

/** The `<c/>` a peer put in their presence (new-style, with hash); null if absent/invalid. */
export function parseCaps(stanza: Element): CapsInfo | null {
  const c = childIn(stanza, 'c', NS_CAPS);
  if (!c) return null;
  const node = str(c.attrs.node);
  const ver = str(c.attrs.ver);
  const hash = str(c.attrs.hash);
  // Legacy caps (no hash) cannot be verified and are ignored, as XEP-0115 §8.5 allows.
  return node && ver && hash ? { node, ver, hash } : null;
}

/** Is this an incoming disco#info get (to be answered with buildDiscoInfoResponse)? */
export function isDiscoInfoRequest(iq: Element): boolean {
  const query = iqPayload(iq);
  return iqType(iq) === 'get' && query?.getName() === 'query' && query.getNS() === NS_DISCO_INFO;
}

/**
 * Answer a disco#info get. A request for our caps node (`node#ver`) is answered with the node
 * echoed (XEP-0115 §6.2); any other node is item-not-found. Null when `request` is not a
 * disco#info get.
 */
export function buildDiscoInfoResponse(
  request: Element,
  info: DiscoInfo = ownDiscoInfo(),
): Element | null {
  if (!isDiscoInfoRequest(request) || !request.attrs.id) return null;
  const node = iqPayload(request)?.attrs.node;
  if (node !== undefined && node !== `${CAPS_NODE}#${capsHash(info)}`) {
    return buildIqError(request, 'item-not-found', 'cancel');
  }
  return xml(
    'iq',
    { type: 'result', to: request.attrs.from, id: request.attrs.id },
    xml(
      'query',
      { xmlns: NS_DISCO_INFO, node },
      info.identities.map((i) =>
        xml('identity', {
          category: i.category,
          type: i.type,
          name: i.name ?? undefined,
          'xml:lang': i.lang ?? undefined,
        }),
      ),
      info.features.map((f) => xml('feature', { var: f })),
      info.forms.map((form) =>
        xml(
          'x',
          { xmlns: NS_DATA, type: 'result' },
          form.formType === null
            ? null
            : xml('field', { var: 'FORM_TYPE', type: 'hidden' }, xml('value', {}, form.formType)),
          form.fields.map((f) =>
            xml(
              'field',
              { var: f.var },
              f.values.map((v) => xml('value', {}, v)),
            ),
          ),
        ),
      ),
    ),
  );
}
