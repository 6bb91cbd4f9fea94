// XEP-0393 Message Styling: the styling itself is the renderer's (text nodes only); the protocol
// part is the sender's opt-out, `<unstyled/>`, which asks that the body be shown as written.
import { childIn, xml, type Element } from '../stanza.js';

export const NS_STYLING = 'urn:xmpp:styling:0';

/** Whether the sender asks for its body to be shown without styling (XEP-0393 §6). */
export function parseUnstyled(stanza: Element): boolean {
  return childIn(stanza, 'unstyled', NS_STYLING) !== null;
}

/** The `<unstyled/>` hint for an outgoing message. */
export function unstyledElement(): Element {
  return xml('unstyled', { xmlns: NS_STYLING });
}
