// XEP-0444: our whole set of reactions on one message (§3.2: it replaces, never adds). Such a
// message has no body; it asks to be archived (`archive`), §5.
import { buildReactionsElement } from '../../features/reactions.js';
import type { OutgoingSection } from '../message.js';

declare module '../message.js' {
  interface OutgoingMessage {
    /** The message reacted to (1:1: its id; rooms: the room's stanza-id) and every emoji. */
    reactions?: { id: string; emojis: readonly string[] };
  }
}

export const reactionsSection: OutgoingSection = {
  name: 'XEP-0444 reactions',
  order: 18,
  build: (message) =>
    message.reactions
      ? buildReactionsElement(message.reactions.id, message.reactions.emojis)
      : null,
};
