// RFC 6120 §8.3 stanza errors: building iq error replies and reading <error/> children.
import { XMPP_CONDITIONS } from '@parley/contract';
import { capText, childIn, iqType, NS_STANZAS, xml, type Element } from '../stanza.js';

export type ErrorType = 'auth' | 'cancel' | 'continue' | 'modify' | 'wait';

/** The defined conditions of RFC 6120 §8.3.3 (anything else is reported as 'undefined-condition'). */
export const ERROR_CONDITIONS = XMPP_CONDITIONS;
export type ErrorCondition = (typeof ERROR_CONDITIONS)[number];

const ERROR_TYPES: readonly string[] = ['auth', 'cancel', 'continue', 'modify', 'wait'];
/** Error texts are shown to the user: keep them short. */
export const MAX_ERROR_TEXT = 1024;

export interface StanzaError {
  type: ErrorType;
  condition: ErrorCondition;
  text: string | null;
}

/**
 * Read the `<error/>` child of a stanza of type 'error'. Tolerant of servers that omit the
 * type or use an unknown condition (reported as 'cancel' / 'undefined-condition'); null only
 * when the stanza is not of type error.
 */
export function parseStanzaError(stanza: Element): StanzaError | null {
  if (stanza.attrs.type !== 'error') return null;
  const error = childIn(stanza, 'error', stanza.getNS());
  if (!error) return { type: 'cancel', condition: 'undefined-condition', text: null };
  const rawType = error.attrs.type ?? '';
  const type = (ERROR_TYPES.includes(rawType) ? rawType : 'cancel') as ErrorType;
  let condition: ErrorCondition = 'undefined-condition';
  let text: string | null = null;
  for (const child of error.getChildElements()) {
    if (child.getNS() !== NS_STANZAS) continue;
    const name = child.getName();
    if (name === 'text') {
      text ??= capText(child.getText(), MAX_ERROR_TEXT);
    } else if (condition === 'undefined-condition' && isCondition(name)) {
      condition = name;
    }
  }
  return { type, condition, text };
}

function isCondition(name: string): name is ErrorCondition {
  return (ERROR_CONDITIONS as readonly string[]).includes(name);
}

/**
 * The error reply to an iq get/set (RFC 6120 §8.3.1: to = request's from, same id). Unknown
 * get/set must be answered with service-unavailable (§8.4), which is the default here.
 * Returns null for iq result/error (answering those with errors could loop) and for iqs
 * without an id (nothing to correlate the reply with).
 */
export function buildIqError(
  iq: Element,
  condition: ErrorCondition = 'service-unavailable',
  type: ErrorType = 'cancel',
  text?: string,
): Element | null {
  const kind = iqType(iq);
  if ((kind !== 'get' && kind !== 'set') || !iq.attrs.id) return null;
  return xml(
    'iq',
    { type: 'error', to: iq.attrs.from, id: iq.attrs.id },
    xml(
      'error',
      { type },
      xml(condition, { xmlns: NS_STANZAS }),
      text ? xml('text', { xmlns: NS_STANZAS }, text) : null,
    ),
  );
}
