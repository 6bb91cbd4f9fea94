// XEP-0359 §3.1: our own id of the message, the same on every resend, so our other clients, the
// archive and we ourselves recognise a repeat or our own echo (rooms reflect it).
import { xml } from '../../stanza.js';
import { NS_SID } from '../../features/chat.js';
import type { OutgoingSection } from '../message.js';

export const originIdSection: OutgoingSection = {
  name: 'XEP-0359 origin-id',
  order: 40,
  build: (message) =>
    message.originId ? xml('origin-id', { xmlns: NS_SID, id: message.originId }) : null,
};
