// The XML console's "send raw XML": parsed and checked in the protocol layer (one stanza, never
// stream-level), sent through the session; an iq get/set waits for its answer, shown masked.
import {
  parseRawStanza,
  printStanza,
  RawXmlError,
  SessionError,
  type Element,
  type Session,
} from '@parley/xmpp';
import { HandlerError } from '../../handler-types.js';
import { iqFailure } from './iq-words.js';

export const RAW_IQ_TIMEOUT_MS = 15_000;

export async function sendRawXml(
  session: Pick<Session, 'iq' | 'send'>,
  text: string,
): Promise<{ reply: string | null }> {
  let stanza: Element;
  try {
    stanza = parseRawStanza(text.trim());
  } catch (error) {
    if (error instanceof RawXmlError) throw new HandlerError('invalid-payload', error.message);
    throw error;
  }
  const type = stanza.attrs.type;
  if (stanza.name !== 'iq' || (type !== 'get' && type !== 'set')) {
    await session.send(stanza);
    return { reply: null };
  }
  try {
    return { reply: printStanza(await session.iq(stanza, RAW_IQ_TIMEOUT_MS)) };
  } catch (error) {
    // An error answer is an answer: show it as it came.
    const answer = (error as { cause?: { element?: Element } }).cause?.element;
    if (error instanceof SessionError && error.code === 'stanza-error' && answer) {
      return { reply: printStanza(answer) };
    }
    throw new HandlerError('failed', iqFailure('The iq', error));
  }
}
