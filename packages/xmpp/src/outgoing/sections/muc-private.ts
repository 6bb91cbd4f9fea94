// XEP-0045 §7.5: a private message through a room carries an empty muc#user <x/>, so the
// occupant's client files it under the room and not as a chat with a stranger.
import { xml } from '../../stanza.js';
import { NS_MUC_USER } from '../../features/muc.js';
import type { OutgoingSection } from '../message.js';

export const mucPrivateSection: OutgoingSection = {
  name: 'XEP-0045 private message',
  order: 30,
  build: (message) => (message.kind === 'private' ? xml('x', { xmlns: NS_MUC_USER }) : null),
};
