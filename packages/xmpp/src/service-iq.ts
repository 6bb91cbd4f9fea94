import { answerIq, type ResponderOptions } from './features/iq-responder.js';
import type { Element } from './stanza.js';
import type { Session } from './session.js';

/** Parley's version as announced by XEP-0092 (kept here so the protocol layer needs no
 * package.json import). */
export const PARLEY_VERSION = '0.1.0';

/**
 * Answers an incoming iq get/set that no other handler took (ping, version, time, disco#info;
 * service-unavailable for the rest), as RFC 6120 §8.2.3 requires. The session delivers iq
 * requests on 'stanza' and leaves answering them to its owner: call this last.
 * Returns false for stanzas that need no answer (results, errors, non-iq).
 */
export function handleServiceIq(
  session: Pick<Session, 'send'>,
  iq: Element,
  options: Partial<ResponderOptions> = {},
): boolean {
  const reply = answerIq(iq, { version: PARLEY_VERSION, nowMs: Date.now(), ...options });
  if (!reply) return false;
  // The connection may be gone by now; then there is nobody left to answer.
  session.send(reply).catch(() => {});
  return true;
}
