// XEP-0077 In-Band Registration: the registration form (legacy fields or an XEP-0004 data form,
// possibly an XEP-0158 CAPTCHA), its submission, password change (§3.3) and account removal
// (§3.2). Legacy fields are presented as a data form so that one form UI serves both.
import {
  englishText,
  type BackendText,
  type DataForm,
  type FieldMedia,
  type FormField,
  type FormValues,
} from '@parley/contract';
import { capText, childIn, xml, type Element } from '../stanza.js';
import { parseFormMedia } from './data-form-media.js';
import { NS_OOB } from './oob.js';
import { buildSubmitForm, formType, MAX_FORM_TEXT, NS_DATA, parseDataForm } from './data-forms.js';

export const NS_REGISTER = 'jabber:iq:register';
export const NS_REGISTER_FEATURE = 'http://jabber.org/features/iq-register';
export const NS_CAPTCHA = 'urn:xmpp:captcha';
export const FORM_CHANGE_PASSWORD = 'jabber:iq:register:changepassword';

/** XEP-0077 §14.1: the fields a legacy form may ask for, with words to show for each. */
export const LEGACY_FIELDS: Readonly<Record<string, string>> = {
  username: 'Username',
  nick: 'Nickname',
  password: 'Password',
  name: 'Full name',
  first: 'First name',
  last: 'Last name',
  email: 'Email',
  address: 'Street address',
  city: 'City',
  state: 'State or region',
  zip: 'Postal code',
  phone: 'Phone',
  url: 'Web page',
  date: 'Date',
  misc: 'Other information',
  text: 'Text',
  key: 'Key',
};

export interface ParsedRegistration {
  form: DataForm;
  legacy: boolean;
  captcha: boolean;
  /** <registered/>: the server says this stream's user already has an account. */
  registered: boolean;
  media: FieldMedia[];
  /** An https/http page to register on instead (jabber:x:oob), or null. */
  webPage: string | null;
}

export function registrationFormRequest(domain: string): Element {
  return xml('iq', { type: 'get', to: domain }, xml('query', { xmlns: NS_REGISTER }));
}

/**
 * The form in an `<iq type='result'><query xmlns='jabber:iq:register'/></iq>` (or in the
 * query of an error answer, which some servers send with a form to fill in). A data form wins
 * over legacy fields (§6). Never throws: no query gives an empty legacy form.
 */
export function parseRegistrationForm(iq: Element): ParsedRegistration {
  const query = childIn(iq, 'query', NS_REGISTER);
  const empty: DataForm = { title: '', instructions: '', fields: [] };
  if (!query) {
    return {
      form: empty,
      legacy: true,
      captcha: false,
      registered: false,
      media: [],
      webPage: null,
    };
  }
  const registered = childIn(query, 'registered', NS_REGISTER) !== null;
  const webPage = oobPage(query);
  const x = childIn(query, 'x', NS_DATA);
  if (x && x.attrs.type !== 'cancel' && x.attrs.type !== 'result') {
    const form = parseDataForm(x);
    return {
      form,
      legacy: false,
      captcha: formType(form) === NS_CAPTCHA,
      registered,
      media: parseFormMedia(x, iq),
      webPage,
    };
  }
  return { form: legacyForm(query), legacy: true, captcha: false, registered, media: [], webPage };
}

function legacyForm(query: Element): DataForm {
  const fields: FormField[] = [];
  for (const child of query.getChildElements()) {
    if (child.getNS() !== NS_REGISTER) continue;
    const name = child.getName();
    const label = LEGACY_FIELDS[name];
    if (!label || fields.some((f) => f.var === name)) continue;
    const value = capText(child.getText(), 1024);
    fields.push({
      var: name,
      type: name === 'password' ? 'text-private' : name === 'key' ? 'hidden' : 'text-single',
      label,
      desc: '',
      // Every field a legacy form lists is one the server wants (§3.1).
      required: name !== 'key',
      values: value ? [value] : [],
      options: [],
    });
  }
  const instructions = capText(
    childIn(query, 'instructions', NS_REGISTER)?.getText() ?? '',
    MAX_FORM_TEXT,
  );
  return { title: '', instructions, fields };
}

function oobPage(query: Element): string | null {
  const url = childIn(childIn(query, 'x', NS_OOB) ?? query, 'url', NS_OOB)
    ?.getText()
    .trim();
  if (!url || url.length > 2048) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.toString() : null;
  } catch {
    return null;
  }
}

/** The submission of a registration form with the user's `values`. */
export function registrationSubmit(
  domain: string,
  parsed: ParsedRegistration,
  values: FormValues,
): Element {
  const query = parsed.legacy
    ? xml('query', { xmlns: NS_REGISTER }, legacyValues(parsed.form, values))
    : xml('query', { xmlns: NS_REGISTER }, buildSubmitForm(values, parsed.form));
  return xml('iq', { type: 'set', to: domain }, query);
}

function legacyValues(form: DataForm, values: FormValues): Element[] {
  // Only the fields the server asked for, in its order; the key goes back as received.
  return form.fields
    .filter((f): f is FormField & { var: string } => f.var !== null)
    .map((f) => xml(f.var, {}, (values[f.var] ?? f.values)[0] ?? ''));
}

/** The username and password the user gave in a registration form, if any. */
export function credentialsOf(values: FormValues): { username: string; password: string } | null {
  const username = values['username']?.[0]?.trim();
  const password = values['password']?.[0];
  return username && password ? { username, password } : null;
}

/** §3.3: a new password for the logged-in `username`. */
export function changePasswordRequest(domain: string, username: string, password: string): Element {
  return xml(
    'iq',
    { type: 'set', to: domain },
    xml(
      'query',
      { xmlns: NS_REGISTER },
      xml('username', {}, username),
      xml('password', {}, password),
    ),
  );
}

/**
 * §3.3 (Example 20): a server that wants more than the new password answers not-authorized with
 * a data form (FORM_TYPE jabber:iq:register:changepassword). Returns that form, or null.
 */
export function changePasswordForm(errorIq: Element): DataForm | null {
  const x = childIn(childIn(errorIq, 'query', NS_REGISTER) ?? errorIq, 'x', NS_DATA);
  if (!x) return null;
  const form = parseDataForm(x);
  return form.fields.length > 0 ? form : null;
}

/** The filled change-password form: username, old and new password. */
export function changePasswordFormSubmit(
  domain: string,
  form: DataForm,
  fill: { username: string; oldPassword: string; password: string },
): Element {
  const values: FormValues = {
    FORM_TYPE: [FORM_CHANGE_PASSWORD],
    username: [fill.username],
    old_password: [fill.oldPassword],
    password: [fill.password],
  };
  return xml(
    'iq',
    { type: 'set', to: domain },
    xml('query', { xmlns: NS_REGISTER }, buildSubmitForm(values, form)),
  );
}

/** §3.2: cancel the registration, i.e. delete the account on the server. */
export function removeAccountRequest(domain: string): Element {
  return xml(
    'iq',
    { type: 'set', to: domain },
    xml('query', { xmlns: NS_REGISTER }, xml('remove')),
  );
}

export type RegistrationErrorCode =
  'taken' | 'not-allowed' | 'not-acceptable' | 'bad-request' | 'timeout' | 'unknown';

/** A refused registration, password change or removal in words (§3.1, §3.3, §8). */
export function describeRegistrationError(
  condition: string | null,
  text: string,
  action: 'register' | 'change-password' | 'remove',
): { code: RegistrationErrorCode; message: string; text: BackendText } {
  const said = capText(text, 512).trim();
  // The server's own words (untrusted) are quoted after ours, as it wrote them.
  const server = said ? { serverText: said, saidBy: 'server' as const } : {};
  const out = (code: RegistrationErrorCode, words: BackendText) => {
    const full: BackendText = { ...words, ...server };
    return { code, message: englishText(full), text: full };
  };
  switch (condition) {
    case 'conflict':
      return out('taken', { id: 'register.taken' });
    case 'not-allowed':
    case 'forbidden':
    case 'service-unavailable':
    case 'feature-not-implemented':
    case 'registration-required':
      return out('not-allowed', {
        id:
          action === 'register'
            ? 'register.not-allowed'
            : action === 'remove'
              ? 'register.remove-not-allowed'
              : 'register.password-not-allowed',
      });
    case 'not-acceptable':
      return out('not-acceptable', {
        id: said ? 'register.not-acceptable' : 'register.not-acceptable-guess',
      });
    case 'bad-request':
      return out('bad-request', { id: 'register.bad-request' });
    case 'not-authorized':
      return out('not-allowed', { id: 'register.refused' });
    case 'timeout':
      return out('timeout', { id: 'register.timeout' });
    default:
      return condition
        ? out('unknown', { id: 'register.refused-condition', params: { reason: condition } })
        : out('unknown', { id: 'register.refused' });
  }
}

/** The error stanza an iq was refused with, from a SessionError's cause (ours or @xmpp's). */
export function refusedStanza(cause: unknown): Element | null {
  const c = cause as { name?: string; attrs?: unknown; element?: Element } | null;
  if (!c || typeof c !== 'object') return null;
  if (c.name === 'iq' && c.attrs) return c as unknown as Element;
  // @xmpp/iq's StanzaError keeps the <error/>, whose parent is the iq.
  const parent = c.element?.parent;
  return parent && typeof parent === 'object' && 'name' in parent ? (parent as Element) : null;
}
