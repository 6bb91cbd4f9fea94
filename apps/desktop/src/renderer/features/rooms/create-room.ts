import type { DataForm, FormValues } from '@parley/contract';
import { initialValues, valuesToSubmit } from './data-form';
import { tFor } from '../../i18n';

const t = tFor('rooms');

export type RoomPreset = 'public' | 'private';

/** Longest local part suggested (XMPP allows 1023 bytes; an address should stay readable). */
const MAX_SLUG = 48;

/**
 * The local part suggested for a room name: lower case, accents dropped, anything but letters
 * and digits a single dash ("Café Crème!" → "cafe-creme"). '' when nothing is left.
 */
export function roomSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/gu, '-')
    .replace(/^-+|-+$/gu, '');
  return slug.slice(0, MAX_SLUG).replace(/-+$/u, '');
}

/**
 * What each preset sets in the room's configuration form (XEP-0045 §10.1.3 field names).
 * Public: listed, open to anyone, persistent. Private: unlisted, members only, everyone's
 * address visible to members (non-anonymous), persistent: the kind OMEMO can encrypt in.
 */
const PRESETS: Record<RoomPreset, Record<string, string>> = {
  public: {
    'muc#roomconfig_publicroom': '1',
    'muc#roomconfig_membersonly': '0',
    'muc#roomconfig_persistentroom': '1',
  },
  private: {
    'muc#roomconfig_publicroom': '0',
    'muc#roomconfig_membersonly': '1',
    'muc#roomconfig_persistentroom': '1',
    'muc#roomconfig_whois': 'anyone',
  },
};

/** Fields a preset needs the room's form to have; without them the preset cannot be kept. */
const REQUIRED = ['muc#roomconfig_membersonly', 'muc#roomconfig_persistentroom'];

/**
 * The configuration to submit for a new room: the form's own defaults, the preset on top,
 * and the name. Throws in words when the service's form lacks what the preset promises.
 */
export function presetValues(form: DataForm, preset: RoomPreset, name: string): FormValues {
  const values = initialValues(form);
  const has = (v: string) => Object.prototype.hasOwnProperty.call(values, v);
  const missing = REQUIRED.filter((v) => !has(v));
  if (preset === 'private' && !has('muc#roomconfig_whois')) missing.push('muc#roomconfig_whois');
  if (missing.length > 0) {
    throw new Error(
      t('This server’s rooms cannot be set up that way (no {{fields}}).', {
        fields: missing.join(', '),
      }),
    );
  }
  for (const [field, value] of Object.entries(PRESETS[preset])) {
    if (has(field)) values[field] = [value];
  }
  if (has('muc#roomconfig_roomname') && name.trim()) {
    values['muc#roomconfig_roomname'] = [name.trim()];
  }
  return valuesToSubmit(form, values);
}
