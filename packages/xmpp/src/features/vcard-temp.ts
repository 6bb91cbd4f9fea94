// XEP-0054 vcard-temp: the older profile format, read when a contact has no vCard4 and kept in
// step with ours for older clients. Writing replaces the whole vCard on the server, so ours is
// always built on the one the server has: PHOTO (the avatar, XEP-0153) and every field Parley
// does not edit are kept.
import { childIn, requireJid, xml, type Element, type JidInput } from '../stanza.js';
import {
  boundProfileValue,
  copyChild,
  emptyProfile,
  MAX_VCARD_CHILDREN,
  PROFILE_FIELDS,
  type ProfileField,
  type ProfileFields,
} from './vcard4.js';

export const NS_VCARD_TEMP = 'vcard-temp';

/** Each field's element, and the child holding the value for the structured ones. */
const ELEMENTS: Record<ProfileField, { name: string; inner?: string }> = {
  fullName: { name: 'FN' },
  nickname: { name: 'NICKNAME' },
  email: { name: 'EMAIL', inner: 'USERID' },
  organisation: { name: 'ORG', inner: 'ORGNAME' },
  note: { name: 'DESC' },
  url: { name: 'URL' },
  birthday: { name: 'BDAY' },
  phone: { name: 'TEL', inner: 'NUMBER' },
};

function fieldOf(child: Element): ProfileField | null {
  if (child.getNS() !== NS_VCARD_TEMP) return null;
  return PROFILE_FIELDS.find((f) => ELEMENTS[f].name === child.getName()) ?? null;
}

function valueOf(field: ProfileField, el: Element): string {
  const inner = ELEMENTS[field].inner;
  const holder = inner ? childIn(el, inner, NS_VCARD_TEMP) : el;
  return boundProfileValue(field, holder?.getText() ?? '');
}

/** The fields of a `<vCard xmlns='vcard-temp'/>` (first of each); null when it is none. */
export function parseVcardTemp(vcard: Element | null | undefined): ProfileFields | null {
  if (!vcard || vcard.getName() !== 'vCard' || vcard.getNS() !== NS_VCARD_TEMP) return null;
  const profile = emptyProfile();
  const seen = new Set<ProfileField>();
  for (const child of vcard.getChildElements().slice(0, MAX_VCARD_CHILDREN)) {
    const field = fieldOf(child);
    if (!field || seen.has(field)) continue;
    seen.add(field);
    profile[field] = valueOf(field, child);
  }
  return profile;
}

/** True when a parsed profile has at least one field set. */
export function hasProfileData(profile: ProfileFields): boolean {
  return PROFILE_FIELDS.some((f) => profile[f] !== '');
}

function fieldElement(field: ProfileField, value: string, old: Element | null): Element {
  const { name, inner } = ELEMENTS[field];
  if (!inner) return xml(name, {}, value);
  // Structured elements keep their type flags (INTERNET, WORK, VOICE...) when they had some.
  const flags = old
    ? old
        .getChildElements()
        .filter((c) => c.getName() !== inner)
        .map((c) => copyChild(c, NS_VCARD_TEMP))
    : field === 'email'
      ? [xml('INTERNET')]
      : field === 'phone'
        ? [xml('VOICE')]
        : [];
  return xml(name, {}, ...flags, xml(inner, {}, value));
}

/**
 * Our vCard-temp with `profile` written into `base` (the server's, or null): the first element
 * of each field replaced or (empty) removed; everything else, PHOTO above all, kept.
 */
export function buildVcardTemp(profile: ProfileFields, base: Element | null = null): Element {
  const vcard = xml('vCard', { xmlns: NS_VCARD_TEMP });
  const written = new Set<ProfileField>();
  const kept = base && parseVcardTemp(base) ? base.getChildElements() : [];
  for (const child of kept.slice(0, MAX_VCARD_CHILDREN)) {
    const field = fieldOf(child);
    if (!field || written.has(field)) {
      vcard.append(copyChild(child, NS_VCARD_TEMP));
      continue;
    }
    written.add(field);
    const value = boundProfileValue(field, profile[field]);
    if (value) vcard.append(fieldElement(field, value, child));
  }
  for (const field of PROFILE_FIELDS) {
    const value = boundProfileValue(field, profile[field]);
    if (!written.has(field) && value) vcard.append(fieldElement(field, value, null));
  }
  return vcard;
}

/** Ask for someone's vCard-temp; without `owner`, our own (addressed to our account). */
export function buildVcardTempGet(owner?: JidInput): Element {
  const attrs = owner === undefined ? { type: 'get' } : { type: 'get', to: bareText(owner) };
  return xml('iq', attrs, xml('vCard', { xmlns: NS_VCARD_TEMP }));
}

/** Replace our vCard-temp on the server. */
export function buildVcardTempSet(vcard: Element): Element {
  return xml('iq', { type: 'set' }, vcard);
}

/** The `<vCard/>` of a get result, or null. */
export function vcardTempOfResult(iq: Element): Element | null {
  const vcard = childIn(iq, 'vCard', NS_VCARD_TEMP);
  return vcard && parseVcardTemp(vcard) ? vcard : null;
}

function bareText(owner: JidInput): string {
  return requireJid(owner).bare().toString();
}
