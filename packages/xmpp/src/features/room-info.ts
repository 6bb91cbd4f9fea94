// XEP-0045 §6: what disco#info says about a MUC service or a room (its features and the
// XEP-0128 muc#roominfo form), reduced to what the UI shows before and after joining.
import type { PublicRoom, RoomFeatures } from '@parley/contract';
import { capText } from '../stanza.js';
import { avatarHashOf } from './avatar-pep.js';
import type { DiscoInfo } from './disco.js';
import type { DiscoItem } from './disco-items.js';
import { NS_MUC } from './muc.js';

export const FORM_ROOMINFO = 'http://jabber.org/protocol/muc#roominfo';
const NS_MAM = 'urn:xmpp:mam:2';
/** XEP-0486 §3: the SHA-1 of the room's vCard photo, in the roominfo form. */
export const FIELD_AVATAR_HASH = 'muc#roominfo_avatarhash';
/** What Prosody 0.12's mod_vcard_muc puts there instead (same hash, its own field name). */
export const FIELD_PROSODY_AVATAR_HASH = '{http://modules.prosody.im/mod_vcard_muc}avatar#sha1';

export interface RoomInfo {
  /** The room's name; '' when it has none (show the JID's localpart then). */
  name: string;
  description: string;
  /** Null when the room does not say. */
  occupants: number | null;
  subject: string | null;
  features: RoomFeatures;
  /** The entity says it is a room (or a MUC service: check the JID has a localpart). */
  isRoom: boolean;
  /**
   * The room's avatar (XEP-0486): the SHA-1 of its vCard photo; '' when the room says it has
   * none; null when it says nothing (no such field, or no valid hash in it).
   */
  avatarHash: string | '' | null;
}

function isConference(info: DiscoInfo): boolean {
  return info.identities.some((i) => i.category === 'conference' && i.type === 'text');
}

/**
 * Does this disco#info describe a MUC service (§6.1: identity conference/text and the muc
 * feature)? Rooms answer the same way, so ask it of JIDs without a localpart (the server's
 * disco#items), as Dino and Gajim do.
 */
export function isMucService(info: DiscoInfo): boolean {
  return isConference(info) && info.features.includes(NS_MUC);
}

function roomInfoField(info: DiscoInfo, name: string): string | null {
  const form = info.forms.find((f) => f.formType === FORM_ROOMINFO);
  return form?.fields.find((f) => f.var === name)?.values[0] ?? null;
}

/**
 * The avatar hash a room announces (XEP-0486 §3, or Prosody's mod_vcard_muc field): the first
 * valid SHA-1 among the field's values; '' for a field with no value (no avatar).
 */
export function roomAvatarHash(info: DiscoInfo): string | '' | null {
  const form = info.forms.find((f) => f.formType === FORM_ROOMINFO);
  const field =
    form?.fields.find((f) => f.var === FIELD_AVATAR_HASH) ??
    form?.fields.find((f) => f.var === FIELD_PROSODY_AVATAR_HASH);
  if (!field) return null;
  const values = field.values.map((v) => v.trim()).filter((v) => v !== '');
  if (values.length === 0) return '';
  for (const value of values) {
    const hash = avatarHashOf(value);
    if (hash) return hash;
  }
  return null;
}

/** §6.4 room features. Where a room omits a pair (e.g. neither muc_public nor muc_hidden), false. */
export function roomFeatures(info: DiscoInfo): RoomFeatures {
  const has = (f: string) => info.features.includes(f);
  return {
    public: has('muc_public'),
    persistent: has('muc_persistent'),
    membersOnly: has('muc_membersonly'),
    moderated: has('muc_moderated'),
    passwordProtected: has('muc_passwordprotected'),
    nonAnonymous: has('muc_nonanonymous'),
    archived: has(NS_MAM),
  };
}

/**
 * A room's disco#info. The name is the conference identity's name, else the roominfo form's
 * muc#roomconfig_roomname (Prosody sends both; others only one).
 */
export function parseRoomInfo(info: DiscoInfo): RoomInfo {
  const identity =
    info.identities.find((i) => i.category === 'conference' && i.name) ??
    info.identities.find((i) => i.category === 'conference');
  const occupants = roomInfoField(info, 'muc#roominfo_occupants')?.trim() ?? '';
  return {
    name: capText(identity?.name || roomInfoField(info, 'muc#roomconfig_roomname') || '', 1024),
    description: roomInfoField(info, 'muc#roominfo_description') ?? '',
    occupants: /^\d{1,9}$/.test(occupants) ? Number(occupants) : null,
    subject: roomInfoField(info, 'muc#roominfo_subject'),
    features: roomFeatures(info),
    isRoom: isMucService(info),
    avatarHash: roomAvatarHash(info),
  };
}

/** A row of the room browser: a service's disco#items entry, refined by the room's disco#info. */
export function toPublicRoom(item: DiscoItem, info?: DiscoInfo | null): PublicRoom {
  const parsed = info ? parseRoomInfo(info) : null;
  return {
    jid: item.jid,
    name: parsed?.name || item.name,
    description: parsed?.description ?? '',
    occupants: parsed?.occupants ?? null,
    membersOnly: parsed?.features.membersOnly ?? false,
    passwordProtected: parsed?.features.passwordProtected ?? false,
  };
}
