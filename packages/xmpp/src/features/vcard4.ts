// XEP-0292 vCard4 over XMPP (RFC 6351 XML vCard), published to PEP: the profile fields Parley
// shows and edits. Parsing keeps only those fields, bounded; building starts from the vCard the
// server had, so fields and parameters Parley does not know survive an edit.
import {
  capText,
  childIn,
  copyElement,
  requireJid,
  xml,
  type Element,
  type JidInput,
} from '../stanza.js';
import { FORM_PUBLISH_OPTIONS, NS_PUBSUB } from './bookmarks.js';
import { NS_DATA } from './disco.js';
import { FORM_NODE_CONFIG, NS_PUBSUB_OWNER } from './omemo-pep.js';

export const NS_VCARD4 = 'urn:ietf:params:xml:ns:vcard-4.0';
/**
 * XEP-0292 §3: the PEP node (not the payload's namespace), its one item 'current'. Prosody's
 * mod_vcard4 and mod_vcard_legacy read and write this node.
 */
export const NODE_VCARD4 = 'urn:xmpp:vcard4';

/** Longest value kept per field (the note gets more room); longer ones are cut. */
export const MAX_PROFILE_FIELD = 1_000;
export const MAX_PROFILE_NOTE = 4_000;
/** Children of a vCard looked at, and kept on edit: a hostile vCard cannot make us hold more. */
export const MAX_VCARD_CHILDREN = 200;

/** The profile as Parley shows it: '' for a field that is not set. */
export interface ProfileFields {
  fullName: string;
  nickname: string;
  email: string;
  organisation: string;
  note: string;
  url: string;
  birthday: string;
  phone: string;
}

export type ProfileField = keyof ProfileFields;
export const PROFILE_FIELDS: readonly ProfileField[] = [
  'fullName',
  'nickname',
  'email',
  'organisation',
  'note',
  'url',
  'birthday',
  'phone',
];

export function emptyProfile(): ProfileFields {
  return {
    fullName: '',
    nickname: '',
    email: '',
    organisation: '',
    note: '',
    url: '',
    birthday: '',
    phone: '',
  };
}

/** A field's value trimmed and cut to its bound (control characters but tab/newline dropped). */
export function boundProfileValue(field: ProfileField, value: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim();
  return capText(clean, field === 'note' ? MAX_PROFILE_NOTE : MAX_PROFILE_FIELD);
}

/** Each field's vCard4 property and the value element inside it (RFC 6350/6351). */
const PROPERTIES: Record<ProfileField, { name: string; value: string }> = {
  fullName: { name: 'fn', value: 'text' },
  nickname: { name: 'nickname', value: 'text' },
  email: { name: 'email', value: 'text' },
  organisation: { name: 'org', value: 'text' },
  note: { name: 'note', value: 'text' },
  url: { name: 'url', value: 'uri' },
  birthday: { name: 'bday', value: 'date' },
  phone: { name: 'tel', value: 'uri' },
};

/** A phone number as a vCard4 `tel:` URI and back. */
function phoneToUri(phone: string): string {
  return /^tel:/i.test(phone) ? phone : `tel:${phone.replace(/\s+/g, '')}`;
}
function uriToPhone(uri: string): string {
  return uri.replace(/^tel:/i, '');
}

function propertyValue(field: ProfileField, property: Element): string {
  const { value } = PROPERTIES[field];
  // Senders differ in the value type they use (Conversations puts a <text/> in <tel/>).
  const valueEl =
    childIn(property, value, NS_VCARD4) ??
    property
      .getChildElements()
      .find((c) => c.getNS() === NS_VCARD4 && c.getName() !== 'parameters');
  const text = valueEl?.getText() ?? '';
  return boundProfileValue(field, field === 'phone' ? uriToPhone(text) : text);
}

/** The fields of a `<vcard/>` (the first of each property); null when it is no vCard4. */
export function parseVcard4(vcard: Element | null | undefined): ProfileFields | null {
  if (!vcard || vcard.getName() !== 'vcard' || vcard.getNS() !== NS_VCARD4) return null;
  const profile = emptyProfile();
  const children = vcard.getChildElements().slice(0, MAX_VCARD_CHILDREN);
  for (const field of PROFILE_FIELDS) {
    const property = children.find(
      (c) => c.getName() === PROPERTIES[field].name && c.getNS() === NS_VCARD4,
    );
    if (property) profile[field] = propertyValue(field, property);
  }
  return profile;
}

/**
 * A copy of `child` to put under a parent in `parentNs`: a clone has no parent to inherit its
 * namespace from, so a foreign one is written on it.
 */
export function copyChild(child: Element, parentNs: string): Element {
  const copy = copyElement(child);
  const ns = child.getNS();
  if (ns && ns !== parentNs && copy.attrs.xmlns === undefined) copy.attrs.xmlns = ns;
  return copy;
}

function valueFor(field: ProfileField, value: string): string {
  return field === 'phone' ? phoneToUri(value) : value;
}

/**
 * Our vCard4 with `profile` written into `base` (what the server had, or null): the first
 * property of each field is replaced (its parameters kept) or removed when the field is empty;
 * every other child stays as it was, up to MAX_VCARD_CHILDREN.
 */
export function buildVcard4(profile: ProfileFields, base: Element | null = null): Element {
  // Namespaces are read on the originals: a clone has no parent to inherit xmlns from.
  const kept =
    base && parseVcard4(base) ? base.getChildElements().slice(0, MAX_VCARD_CHILDREN) : [];
  const vcard = xml('vcard', { xmlns: NS_VCARD4 });
  const written = new Set<ProfileField>();
  for (const child of kept) {
    const field = PROFILE_FIELDS.find(
      (f) => PROPERTIES[f].name === child.getName() && child.getNS() === NS_VCARD4,
    );
    if (!field || written.has(field)) {
      // Unknown to Parley, or a second email or phone the user was not shown: kept as it was.
      vcard.append(copyChild(child, NS_VCARD4));
      continue;
    }
    written.add(field);
    const value = boundProfileValue(field, profile[field]);
    if (!value) continue;
    const params = childIn(child, 'parameters', NS_VCARD4);
    vcard.append(
      xml(
        PROPERTIES[field].name,
        {},
        ...(params ? [copyChild(params, NS_VCARD4)] : []),
        xml(PROPERTIES[field].value, {}, valueFor(field, value)),
      ),
    );
  }
  for (const field of PROFILE_FIELDS) {
    const value = boundProfileValue(field, profile[field]);
    if (written.has(field) || !value) continue;
    vcard.append(
      xml(PROPERTIES[field].name, {}, xml(PROPERTIES[field].value, {}, valueFor(field, value))),
    );
  }
  return vcard;
}

/** Who may read our vCard4: contacts with a presence subscription (default) or anyone. */
export type ProfileAccess = 'presence' | 'open';

/** Publish our vCard4 (item 'current') with the access model the user chose. */
export function buildVcard4Publish(vcard: Element, access: ProfileAccess): Element {
  return xml(
    'iq',
    { type: 'set' },
    xml(
      'pubsub',
      { xmlns: NS_PUBSUB },
      xml('publish', { node: NODE_VCARD4 }, xml('item', { id: 'current' }, vcard)),
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
          xml('field', { var: 'pubsub#access_model' }, xml('value', {}, access)),
        ),
      ),
    ),
  );
}

/** The owner's configuration of the vCard4 node to the access model asked for. */
export function buildVcard4AccessConfigure(access: ProfileAccess): Element {
  return xml(
    'iq',
    { type: 'set' },
    xml(
      'pubsub',
      { xmlns: NS_PUBSUB_OWNER },
      xml(
        'configure',
        { node: NODE_VCARD4 },
        xml(
          'x',
          { xmlns: NS_DATA, type: 'submit' },
          xml('field', { var: 'FORM_TYPE', type: 'hidden' }, xml('value', {}, FORM_NODE_CONFIG)),
          xml('field', { var: 'pubsub#access_model' }, xml('value', {}, access)),
        ),
      ),
    ),
  );
}

/** Fetch someone's vCard4 (their bare JID; ours too). */
export function buildVcard4Fetch(owner: JidInput): Element {
  return xml(
    'iq',
    { type: 'get', to: requireJid(owner).bare().toString() },
    xml('pubsub', { xmlns: NS_PUBSUB }, xml('items', { node: NODE_VCARD4, max_items: '1' })),
  );
}

/** The `<vcard/>` of a fetch result (the first item's), or null when there is none. */
export function vcard4OfResult(iq: Element): Element | null {
  const items = iq.getChild('pubsub', NS_PUBSUB)?.getChild('items');
  if (!items || items.attrs.node !== NODE_VCARD4) return null;
  const item = childIn(items, 'item', NS_PUBSUB);
  const vcard = item ? childIn(item, 'vcard', NS_VCARD4) : null;
  return vcard && parseVcard4(vcard) ? vcard : null;
}
