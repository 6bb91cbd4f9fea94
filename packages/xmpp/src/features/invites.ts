// XEP-0379 Pre-Authenticated Roster Subscription and XEP-0401 Easy User Onboarding: the token
// sent before in-band registration, the subscription request that carries it, and the
// invitations a server makes through its ad-hoc commands (Prosody's mod_invites_adhoc).
import type { DataForm } from '@parley/contract';
import { capText, xml, type Element } from '../stanza.js';
import type { CommandResponse } from './adhoc.js';
import { buildSubscription } from './presence.js';

export const NS_PARS = 'urn:xmpp:pars:0';
/** Stream features a server offers when it takes a token before registration (XEP-0401 §4). */
export const NS_IBR_TOKEN = 'urn:xmpp:ibr-token:0';
export const NS_INVITE_LEGACY = 'urn:xmpp:invite';
/** XEP-0401 §5: the ad-hoc command nodes that create invitations. */
export const NODE_CONTACT_INVITE = 'urn:xmpp:invite#invite';
export const NODE_ACCOUNT_INVITE = 'urn:xmpp:invite#create-account';

/** XEP-0401 §4: hands the token to the server on the unauthenticated stream, before the form. */
export function preauthRequest(domain: string, token: string): Element {
  return xml('iq', { type: 'set', to: domain }, xml('preauth', { xmlns: NS_PARS, token }));
}

/** XEP-0379 §3: a subscription request with the inviter's token, which their server approves. */
export function preauthSubscribe(to: string, token: string, nick?: string): Element {
  const presence = buildSubscription(to, 'subscribe', nick);
  presence.cnode(xml('preauth', { xmlns: NS_PARS, token }));
  return presence;
}

/** The server takes tokens before registration: it offers one of these stream features. */
export function offersRegistrationToken(features: Element): boolean {
  return [NS_IBR_TOKEN, NS_INVITE_LEGACY].some((ns) =>
    features.getChildElements().some((c) => c.getName() === 'register' && c.getNS() === ns),
  );
}

export interface CreatedInviteFields {
  uri: string;
  landingUrl: string | null;
  expiresAt: number | null;
}

function valueOf(form: DataForm | null, name: string): string | null {
  const value = form?.fields.find((f) => f.var === name)?.values[0]?.trim();
  return value ? capText(value, 4096) : null;
}

/**
 * The invitation in a completed command (XEP-0401 §5: fields `uri`, `landing-url`, `expire`).
 * Prosody sends them in a form of type "form" rather than "result": both are read. Null when
 * the answer holds no xmpp: URI.
 */
export function parseCreatedInvite(response: CommandResponse): CreatedInviteFields | null {
  const form = response.result ?? response.form;
  const uri = valueOf(form, 'uri');
  if (!uri || !/^xmpp:\S+$/iu.test(uri)) return null;
  const landing = valueOf(form, 'landing-url');
  const expire = valueOf(form, 'expire');
  const expiresAt = expire ? Date.parse(expire) : NaN;
  return {
    uri,
    landingUrl: landing && /^https?:\/\/\S+$/iu.test(landing) ? landing : null,
    expiresAt: Number.isFinite(expiresAt) ? expiresAt : null,
  };
}
