// XEP-0421 Anonymous unique occupant identifiers: a room that offers them stamps every
// presence and message of an occupant with the same id, whatever nick it uses, and removes any
// occupant-id a client put in (§4). So it tells apart two people who held the same nick.
import { childIn, idAttr, type Element } from '../stanza.js';

export const NS_OCCUPANT_ID = 'urn:xmpp:occupant-id:0';

/** The room-assigned occupant id of a room presence or groupchat message, if any. */
export function parseOccupantId(stanza: Element): string | null {
  const el = childIn(stanza, 'occupant-id', NS_OCCUPANT_ID);
  return el ? idAttr(el, 'id') : null;
}
