// XEP-0333: a displayed marker for the newest message the user has seen (and everything before
// it). No body; it asks to be archived (`archive`) so our other devices learn we read it.
import { NS_MARKERS } from '../../features/markers.js';
import { xml } from '../../stanza.js';
import type { OutgoingSection } from '../message.js';

declare module '../message.js' {
  interface OutgoingMessage {
    /** The id of the message marked displayed (1:1: its id; rooms: the room's stanza-id). */
    displayed?: string;
  }
}

export const displayedSection: OutgoingSection = {
  name: 'XEP-0333 displayed marker',
  order: 19,
  build: (message) =>
    message.displayed ? xml('displayed', { xmlns: NS_MARKERS, id: message.displayed }) : null,
};
