// XEP-0085: the chat state a message carries, only while the account sends chat states (a
// privacy choice: with it off, nothing tells a peer we are here, typing or not).
import { buildChatState } from '../../features/chat-states.js';
import type { OutgoingMessage, OutgoingSection } from '../message.js';

/**
 * The state to say: the one asked for, else 'active' on a one-to-one message with a body
 * (§5.4: sending a message means we are active). Rooms get only explicit states (§5.5), and
 * never 'gone'.
 */
function stateOf(message: OutgoingMessage) {
  if (message.chatState !== undefined) {
    if (message.kind === 'groupchat' && message.chatState === 'gone') return null;
    return message.chatState;
  }
  return message.kind === 'chat' && message.body !== null ? 'active' : null;
}

export const chatStateSection: OutgoingSection = {
  name: 'XEP-0085 chat state',
  order: 60,
  build: (message, ctx) => {
    if (!ctx.sendChatStates) return null;
    const state = stateOf(message);
    return state ? buildChatState(state) : null;
  },
};
