// The XML console's "send raw XML": the user's text becomes exactly one stanza or nothing.
// Stream-level elements (stream headers, SASL, TLS, stream management) never pass: they could
// end or hijack the session, and nothing a user types should speak for the connection layer.
import { Parser, type Element } from '@xmpp/xml';

export const MAX_RAW_XML = 65_536;
const STANZAS = ['message', 'presence', 'iq'];
const IQ_TYPES = ['get', 'set', 'result', 'error'];

export class RawXmlError extends Error {}

/**
 * Parses `text` strictly: well-formed, exactly one `<message/>`, `<presence/>` or `<iq/>` in
 * the client namespace, nothing around it but whitespace, no DOCTYPE, processing instruction
 * or CDATA. An iq must have a valid type (get/set also an id: one is added when missing).
 * Throws RawXmlError with the reason in words.
 */
export function parseRawStanza(text: string): Element {
  if (text.length > MAX_RAW_XML) throw new RawXmlError('That is too long to send (64 KiB at most)');
  if (/<[!?]/u.test(text)) {
    throw new RawXmlError('DOCTYPE, processing instructions and CDATA are not accepted');
  }
  const parser = new Parser();
  const found: Element[] = [];
  let ended = false;
  let problem: string | null = null;
  let wrapper: Element | null = null;
  parser.on('start', (el) => {
    wrapper = el;
  });
  parser.on('element', (el) => {
    found.push(el);
  });
  parser.on('end', () => {
    ended = true;
  });
  parser.on('error', (err) => {
    problem ??= err.message;
  });
  try {
    // A wrapper root makes the parser report each top-level element and any stray text.
    parser.write(`<console-input>${text}</console-input>`);
  } catch (err) {
    problem ??= err instanceof Error ? err.message : String(err);
  }
  if (problem !== null || !ended) {
    throw new RawXmlError(`That is not well-formed XML${problem ? ` (${problem.trim()})` : ''}`);
  }
  const stray = (wrapper as Element | null)?.getText().trim() ?? '';
  if (stray.length > 0)
    throw new RawXmlError('Only one element may be sent, with no text around it');
  if (found.length !== 1) {
    throw new RawXmlError(
      found.length === 0 ? 'There is no element to send' : 'Send one stanza at a time',
    );
  }
  const el = found[0] as Element;
  el.parent = null;
  if (!STANZAS.includes(el.name)) {
    throw new RawXmlError(`Only <message/>, <presence/> or <iq/> can be sent, not <${el.name}/>`);
  }
  const ns = el.attrs.xmlns as string | undefined;
  if (ns !== undefined && ns !== 'jabber:client') {
    throw new RawXmlError(`A stanza in namespace ${ns} cannot be sent on a client stream`);
  }
  if (el.name === 'iq') {
    const type = el.attrs.type as string | undefined;
    if (!type || !IQ_TYPES.includes(type)) {
      throw new RawXmlError('An <iq/> needs type="get", "set", "result" or "error"');
    }
    if ((type === 'get' || type === 'set') && el.getChildElements().length !== 1) {
      throw new RawXmlError('An <iq/> get or set carries exactly one child element');
    }
    if ((type === 'result' || type === 'error') && !el.attrs.id) {
      throw new RawXmlError('An <iq/> result or error needs the id of the request it answers');
    }
  }
  return el;
}
