// XEP-0308: a message that corrects an earlier one of ours carries `<replace id/>` naming it; its
// body is the new text.
import { correctionElement } from '../../features/correction.js';
import type { OutgoingSection } from '../message.js';

declare module '../message.js' {
  interface OutgoingMessage {
    /** The id of our earlier message this one corrects (its origin-id/id). */
    replaces?: string;
  }
}

export const correctionSection: OutgoingSection = {
  name: 'XEP-0308 correction',
  order: 16,
  build: (message) =>
    message.replaces && message.body !== null ? correctionElement(message.replaces) : null,
};
