// XEP-0153 vCard-Based Avatars: a presence carries the SHA-1 of the sender's vcard-temp PHOTO
// (`<x xmlns='vcard-temp:x:update'><photo>hash</photo></x>`); the image itself is the PHOTO of
// their vCard (XEP-0054). Only the PHOTO is read or written here: the other vCard fields belong
// to the profile feature, and writing our photo keeps them as they are.
import { childIn, iqType, requireJid, xml, type Element, type JidInput } from '../stanza.js';
import { avatarHashOf, isAvatarType, maxBase64Length, type AvatarType } from './avatar-pep.js';

export const NS_VCARD_UPDATE = 'vcard-temp:x:update';
/** vcard-temp's namespace (the profile feature exports it too; kept private here). */
const NS_VCARD_TEMP = 'vcard-temp';

/**
 * What a presence says about the sender's vCard photo: a hash, '' for "no photo" (an empty
 * `<photo/>`), or null when it says nothing (no element, or `<x/>` without `<photo/>`: the
 * sender is not ready to advertise, XEP-0153 §4.3). A malformed hash also says nothing.
 */
export function parsePhotoUpdate(presence: Element): string | '' | null {
  if (presence.getName() !== 'presence') return null;
  const x = childIn(presence, 'x', NS_VCARD_UPDATE);
  const photo = x ? childIn(x, 'photo', NS_VCARD_UPDATE) : null;
  if (!photo) return null;
  const text = photo.getText().trim();
  return text === '' ? '' : avatarHashOf(text);
}

/**
 * The `<x/>` for our presence, as parsePhotoUpdate reads it: our photo's hash, '' for "no
 * photo" (an empty `<photo/>`), null for "not known yet" (no `<photo/>`, XEP-0153 §4.3).
 */
export function buildPhotoUpdate(hash: string | '' | null): Element {
  return xml('x', { xmlns: NS_VCARD_UPDATE }, hash === null ? null : xml('photo', {}, hash));
}

/** Fetch someone's vCard (a bare JID; without `owner`, our own from our server). */
export function buildVcardFetch(owner?: JidInput): Element {
  return xml(
    'iq',
    { type: 'get', ...(owner ? { to: requireJid(owner).bare().toString() } : {}) },
    xml('vCard', { xmlns: NS_VCARD_TEMP }),
  );
}

/** The vCard in a fetch result, or null (no vCard, or not a result). */
export function vcardOf(iq: Element): Element | null {
  return iqType(iq) === 'result' ? childIn(iq, 'vCard', NS_VCARD_TEMP) : null;
}

export interface VcardPhoto {
  type: AvatarType;
  /** The BINVAL text, as sent (may hold line breaks). */
  base64: string;
}

/**
 * The PHOTO of a vCard: null when it has none; `{ rejected }` for one we will not use (an
 * EXTVAL pointing elsewhere is never fetched, an unknown TYPE, an oversized BINVAL).
 */
export function parseVcardPhoto(vcard: Element): VcardPhoto | null | { rejected: string } {
  const photo = childIn(vcard, 'PHOTO', NS_VCARD_TEMP);
  if (!photo) return null;
  const binval = childIn(photo, 'BINVAL', NS_VCARD_TEMP);
  if (!binval) return { rejected: 'photo is not inline (EXTVAL is never fetched)' };
  const type = childIn(photo, 'TYPE', NS_VCARD_TEMP)?.getText().trim().toLowerCase();
  if (!isAvatarType(type)) return { rejected: 'photo type not accepted' };
  const base64 = binval.getText();
  if (base64.length > maxBase64Length()) return { rejected: 'photo larger than allowed' };
  if (base64.trim() === '') return null;
  return { type, base64 };
}

/**
 * Our vCard with its PHOTO replaced by `photo` (or removed with null), every other field kept.
 * `current` is what the server holds (null when we have none yet).
 */
export function vcardWithPhoto(current: Element | null, photo: VcardPhoto | null): Element {
  const fields = (current?.getChildElements() ?? []).filter(
    (c) => !(c.getName() === 'PHOTO' && c.getNS() === NS_VCARD_TEMP),
  );
  return xml(
    'vCard',
    { xmlns: NS_VCARD_TEMP },
    ...fields,
    photo ? xml('PHOTO', {}, xml('TYPE', {}, photo.type), xml('BINVAL', {}, photo.base64)) : null,
  );
}

/**
 * Store our vCard (vcard-temp is replaced whole: build it with vcardWithPhoto). With `room`, the
 * room's vCard instead (XEP-0486 §4: owners publish the room's avatar this way).
 */
export function buildVcardSet(vcard: Element, room?: JidInput): Element {
  return xml(
    'iq',
    { type: 'set', ...(room ? { to: requireJid(room).bare().toString() } : {}) },
    vcard,
  );
}
