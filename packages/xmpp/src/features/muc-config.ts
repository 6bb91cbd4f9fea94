// XEP-0045 §10.1–§10.2: room creation and configuration through the muc#owner data form.
import type { DataForm, FormValues } from '@parley/contract';
import { childIn, iqType, requireJid, xml, type Element, type JidInput } from '../stanza.js';
import { buildCancelForm, buildSubmitForm, NS_DATA, parseDataForm } from './data-forms.js';
import { NS_MUC_OWNER } from './muc.js';

/** FORM_TYPE of the configuration form (§15.5.3). */
export const FORM_ROOMCONFIG = 'http://jabber.org/protocol/muc#roomconfig';

/** Well-known fields of the configuration form (§15.5.3) as servers generate them. */
export const ROOMCONFIG = {
  name: 'muc#roomconfig_roomname',
  description: 'muc#roomconfig_roomdesc',
  persistent: 'muc#roomconfig_persistentroom',
  membersOnly: 'muc#roomconfig_membersonly',
  moderated: 'muc#roomconfig_moderatedroom',
  passwordProtected: 'muc#roomconfig_passwordprotectedroom',
  password: 'muc#roomconfig_roomsecret',
  /** list-single: 'moderators' (semi-anonymous) or 'anyone' (non-anonymous). */
  whois: 'muc#roomconfig_whois',
  public: 'muc#roomconfig_publicroom',
  changeSubject: 'muc#roomconfig_changesubject',
  allowInvites: 'muc#roomconfig_allowinvites',
  maxUsers: 'muc#roomconfig_maxusers',
  language: 'muc#roomconfig_lang',
  /** Prosody: whether the room keeps a MAM archive (muc_mam). */
  enableArchiving: 'muc#roomconfig_enablearchiving',
  /** History kept for new joiners: the XEP's name, and Prosody's (with its default count). */
  maxHistoryFetch: 'muc#maxhistoryfetch',
  historyLength: 'muc#roomconfig_historylength',
  defaultHistoryMessages: 'muc#roomconfig_defaulthistorymessages',
} as const;

function ownerIq(room: JidInput, type: 'get' | 'set', payload?: Element): Element {
  return xml(
    'iq',
    { type, to: requireJid(room).bare().toString() },
    xml('query', { xmlns: NS_MUC_OWNER }, payload),
  );
}

/** §10.2: ask for the configuration form. */
export function buildConfigQuery(room: JidInput): Element {
  return ownerIq(room, 'get');
}

/** The form in a configuration result; null when the iq is not one. */
export function parseConfigForm(iq: Element): DataForm | null {
  if (iqType(iq) !== 'result') return null;
  const query = childIn(iq, 'query', NS_MUC_OWNER);
  const x = query ? childIn(query, 'x', NS_DATA) : null;
  return x ? parseDataForm(x) : null;
}

/**
 * Submit configuration values. Pass the fetched form so its hidden FORM_TYPE goes back and
 * booleans are encoded as the service expects; without it, FORM_TYPE is added here.
 */
export function buildConfigSubmit(room: JidInput, values: FormValues, form?: DataForm): Element {
  const withType = form || values.FORM_TYPE ? values : { FORM_TYPE: [FORM_ROOMCONFIG], ...values };
  return ownerIq(room, 'set', buildSubmitForm(withType, form));
}

/** §10.1.2: accept the default configuration; unlocks a new room (status 201). */
export function buildInstantRoom(room: JidInput): Element {
  return ownerIq(room, 'set', xml('x', { xmlns: NS_DATA, type: 'submit' }));
}

/** §10.1.3: give up configuring; a new room that was never configured is destroyed. */
export function buildConfigCancel(room: JidInput): Element {
  return ownerIq(room, 'set', buildCancelForm());
}
