// What the XML console must never show: passwords, tokens and key material. Masking happens
// while a stanza is printed (print.ts), before its text leaves the protocol layer, so a secret
// never reaches the backend's ring buffer, the contract or the screen.
import type { Element } from '@xmpp/xml';

export const MASK = '[masked]';

const NS_SASL = 'urn:ietf:params:xml:ns:xmpp-sasl';
const NS_DATA = 'jabber:x:data';
const NS_UPLOAD = 'urn:xmpp:http:upload:0';
const OMEMO_NS = ['eu.siacs.conversations.axolotl', 'urn:xmpp:omemo:2'];
/** SASL elements whose text is a credential or a proof of one (RFC 6120 §6.4). */
const SASL_SECRET = ['auth', 'response', 'challenge', 'success'];
/** Attributes that carry a secret wherever they appear (XEP-0401 preauth tokens and the like). */
const SECRET_ATTRS = ['token', 'preauth', 'password'];
/** Data form fields whose values are secrets, by var. */
const SECRET_FIELD = /pass|secret|token|preauth|otp|pin\b/iu;
/** Secrets carried as URI parameters (xmpp: invite URIs, invite landing pages, upload URLs). */
const SECRET_PARAM = /([?&;](?:preauth|token|ibr|password|pass|secret|key|auth)=)[^&;#\s"'<>]*/giu;

/** The namespace an element is in, looking up to its ancestors as XML does. */
export function nsOf(el: Element): string | undefined {
  for (let e: Element | null = el; e; e = e.parent) {
    const ns = e.attrs.xmlns;
    if (ns !== undefined) return ns;
  }
  return undefined;
}

/** Whether the whole text content of `el` is a secret. */
export function isSecretText(el: Element): boolean {
  const ns = nsOf(el);
  const name = el.name;
  if (ns === NS_SASL && SASL_SECRET.includes(name)) return true;
  // XEP-0077 registration and password change, MUC room passwords, any <password/>.
  if (name === 'password') return true;
  if (ns === NS_UPLOAD && name === 'header') return true; // Authorization, Cookie, Expires
  if (name === 'key' && ns !== undefined && OMEMO_NS.includes(ns)) return true;
  if (name === 'value' && ns === NS_DATA) {
    const field = el.parent;
    if (field?.name === 'field') {
      if (field.attrs.type === 'text-private') return true;
      if (SECRET_FIELD.test(field.attrs.var ?? '')) return true;
    }
  }
  return false;
}

/** An invite landing page carries its token as the whole query (Prosody: /invite?TOKEN). */
const INVITE_PAGE = /(\/invite\?)[^\s"'<>#]+/giu;

/** Text with secret URI parameters replaced. */
export function maskParams(text: string): string {
  return text.replace(SECRET_PARAM, `$1${MASK}`).replace(INVITE_PAGE, `$1${MASK}`);
}

/** An attribute value as it may be shown. */
export function maskAttr(el: Element, name: string, value: string): string {
  if (SECRET_ATTRS.includes(name)) return MASK;
  // An upload slot's PUT URL may carry its authorisation in the query: hide all of it.
  if (name === 'url' && el.name === 'put' && nsOf(el) === NS_UPLOAD) {
    const q = value.indexOf('?');
    return q < 0 ? value : `${value.slice(0, q + 1)}${MASK}`;
  }
  return maskParams(value);
}

/** Text content as it may be shown. */
export function maskText(el: Element, text: string): string {
  if (isSecretText(el)) return text.trim().length === 0 ? text : MASK;
  return maskParams(text);
}
