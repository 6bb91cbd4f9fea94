// XEP-0308 Last Message Correction: a message whose <replace id/> names an earlier message of
// the same sender; its body replaces that message's text. Who may correct what is the backend's
// decision (the XEP's full/bare JID and occupant rules need the stored original); this module
// only reads and writes the element.
import { capText, childIn, idAttr, stanzaChild, xml, type Element } from '../stanza.js';
import { MAX_BODY } from './chat.js';

export const NS_CORRECT = 'urn:xmpp:message-correct:0';

export interface Correction {
  /** The `id` attribute of the message corrected (the sender's own id, XEP-0308 §2). */
  replaces: string;
  /** The new text. */
  body: string;
  bodyTruncated: boolean;
}

/**
 * The correction a message carries, or null. A <replace/> without an id, or a message without a
 * body, is no correction (§2: the body is the corrected text).
 */
export function parseCorrection(stanza: Element): Correction | null {
  if (stanza.getName() !== 'message') return null;
  const replace = childIn(stanza, 'replace', NS_CORRECT);
  if (!replace) return null;
  const replaces = idAttr(replace, 'id');
  const bodyEl = stanzaChild(stanza, 'body');
  if (!replaces || !bodyEl) return null;
  const raw = bodyEl.getText();
  const body = capText(raw, MAX_BODY);
  return { replaces, body, bodyTruncated: body.length < raw.length };
}

/** The element to add to an outgoing message that corrects `replaces` (its stanza id). */
export function correctionElement(replaces: string): Element {
  return xml('replace', { xmlns: NS_CORRECT, id: replaces });
}
