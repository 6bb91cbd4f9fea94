// XEP-0184 Message Delivery Receipts.
import { childIn, idAttr, newId, requireJid, xml, type Element, type JidInput } from '../stanza.js';
import { storeHint } from './hints.js';

export const NS_RECEIPTS = 'urn:xmpp:receipts';

export interface ReceiptInfo {
  /**
   * The sender asks for a receipt. Only true when the message has an id to acknowledge and is
   * not of type error or groupchat (XEP-0184 §5.4: never answer those).
   */
  requested: boolean;
  /** This message acknowledges our message with this id. */
  receivedId: string | null;
}

export function parseReceipt(message: Element): ReceiptInfo {
  const type = message.attrs.type;
  const answerable = type !== 'error' && type !== 'groupchat' && idAttr(message, 'id') !== null;
  const received = childIn(message, 'received', NS_RECEIPTS);
  return {
    requested: answerable && childIn(message, 'request', NS_RECEIPTS) !== null,
    receivedId: received ? idAttr(received, 'id') : null,
  };
}

/**
 * The receipt for message `receivedId` from `to` (the full JID it came from, so it reaches the
 * same client). Type chat makes it carbon-eligible (XEP-0280 §6), so our other clients learn
 * the message was seen; the `<store/>` hint (XEP-0334) makes servers keep it for an offline
 * sender instead of dropping a bodyless message. `id` defaults to a fresh UUID.
 */
export function buildReceipt(to: JidInput, receivedId: string, id: string = newId()): Element {
  return xml(
    'message',
    { to: requireJid(to).toString(), type: 'chat', id },
    xml('received', { xmlns: NS_RECEIPTS, id: receivedId }),
    storeHint(),
  );
}
