import type { StreamFeatures } from '@xmpp/stream-features';
import xml, { type Element } from '@xmpp/xml';
import { englishText, type BackendText } from '@parley/contract';
import { SessionError, type SessionErrorCode } from './errors.js';
import { SCRAM_MECHANISMS, ScramClient, type ScramKeyCache } from './scram.js';
import { exchange } from './wait.js';

const NS_SASL = 'urn:ietf:params:xml:ns:xmpp-sasl';

/** Preference order. PLAIN is acceptable only because the stream is always TLS (see starttls.ts). */
export const MECHANISMS = ['SCRAM-SHA-256', 'SCRAM-SHA-1', 'PLAIN'] as const;

export interface SaslCredentials {
  jid: string;
  username: string;
  password: string;
  timeoutMs: number;
  cache: ScramKeyCache;
}

/** Which mechanism we use among those the server offers, or null. */
export function chooseMechanism(offered: readonly string[]): string | null {
  return MECHANISMS.find((m) => offered.includes(m)) ?? null;
}

/**
 * SASL (RFC 6120 §6) replacing @xmpp/sasl + @xmpp/sasl-scram-sha-1: native PBKDF2, SCRAM-SHA-256
 * when offered, a timeout on each step, and the server's signature checked on success.
 */
export function saslFeature(
  streamFeatures: StreamFeatures,
  credentials: () => SaslCredentials,
  /** The server accepted us (and, with SCRAM, proved it knows the password). */
  loggedIn: () => void = () => {},
): void {
  streamFeatures.use('mechanisms', NS_SASL, async ({ entity }, _next, feature) => {
    const creds = credentials();
    const offered = feature.getChildren('mechanism', NS_SASL).map((m) => m.text().trim());
    const mechanism = chooseMechanism(offered);
    if (!mechanism) {
      const list = offered.join(', ') || 'none';
      throw refused('auth-failed', { id: 'login.no-mechanism', params: { offered: list } });
    }

    const step = (request: Element): Promise<Element> =>
      exchange(entity, request, (el) => el.getNS() === NS_SASL, creds.timeoutMs, 'login');
    const hash = SCRAM_MECHANISMS[mechanism];
    let answer: Element;
    let scram: ScramClient | null = null;
    if (hash) {
      scram = new ScramClient(hash, creds.username, creds.password, undefined, creds.cache);
      answer = await step(auth(mechanism, scram.clientFirst()));
      if (answer.is('challenge')) {
        const final = await scram.clientFinal(decode(answer));
        answer = await step(xml('response', { xmlns: NS_SASL }, encode(final)));
      }
    } else {
      answer = await step(auth(mechanism, `\0${creds.username}\0${creds.password}`));
    }

    if (answer.is('failure')) throw failure(answer, creds.jid);
    if (!answer.is('success')) {
      throw refused('auth-failed', { id: 'login.unexpected-answer' }, { cause: answer.name });
    }
    if (scram && !scram.verifyServerFinal(decode(answer))) {
      // The password was accepted by something that does not know it: not our server.
      throw refused('auth-failed', { id: 'login.server-unproven', params: { jid: creds.jid } });
    }
    loggedIn();
    await entity.restart();
  });
}

function auth(mechanism: string, initial: string): Element {
  return xml('auth', { xmlns: NS_SASL, mechanism }, encode(initial));
}

function encode(s: string): string {
  // RFC 6120 §6.4.2: an empty response is sent as "=".
  return s.length === 0 ? '=' : Buffer.from(s, 'utf8').toString('base64');
}

function decode(el: Element): string {
  const text = el.text().trim();
  return text === '=' ? '' : Buffer.from(text, 'base64').toString('utf8');
}

/** A login failure whose words the renderer translates; the English stays as the message. */
function refused(
  code: SessionErrorCode,
  text: BackendText,
  details: { condition?: string; cause?: unknown } = {},
): SessionError {
  return new SessionError(code, englishText(text), { ...details, text });
}

function failure(el: Element, jid: string): SessionError {
  const condition = el.getChildElements().find((c) => c.name !== 'text')?.name ?? 'not-authorized';
  const said = el.getChildText('text')?.trim();
  // The server's own words (untrusted) are shown as written, after ours.
  const serverText = said ? { serverText: said.slice(0, 1_024), saidBy: 'server' as const } : {};
  if (condition === 'temporary-auth-failure') {
    // Not the password's fault: left retryable (not 'auth-failed', which stops reconnecting).
    return refused('unknown', { id: 'login.check-unavailable', params: { jid } }, { condition });
  }
  const text: BackendText =
    condition === 'not-authorized'
      ? // Servers explain a wrong password in SCRAM's terms ("the client proof…"): left out.
        { id: 'login.password-refused', params: { jid } }
      : condition === 'account-disabled'
        ? { id: 'login.account-disabled', params: { jid }, ...serverText }
        : { id: 'login.refused', params: { jid, reason: condition }, ...serverText };
  return refused('auth-failed', text, { condition });
}
