// XEP-0184: ask a contact for a delivery receipt. One-to-one only: never in a room (§5.3, the
// whole room would answer) and not to an occupant whose client we cannot know. Only for a
// message with an id to acknowledge and content to deliver (§5.4), not a bare notification.
import { xml } from '../../stanza.js';
import { NS_RECEIPTS } from '../../features/receipts.js';
import type { OutgoingSection } from '../message.js';

export const receiptRequestSection: OutgoingSection = {
  name: 'XEP-0184 receipt request',
  order: 50,
  build: (message) =>
    message.kind === 'chat' && message.id && message.body !== null
      ? xml('request', { xmlns: NS_RECEIPTS })
      : null,
};
