// XEP-0334 Message Processing Hints: tell servers what to archive.
import { xml, type Element } from '../stanza.js';

export const NS_HINTS = 'urn:xmpp:hints';

/** Archive/store this message even if the server would not by default (e.g. no body). */
export function storeHint(): Element {
  return xml('store', { xmlns: NS_HINTS });
}

/** Do not archive or store offline (transient notifications such as chat states). */
export function noStoreHint(): Element {
  return xml('no-store', { xmlns: NS_HINTS });
}
