// XEP-0085 Chat State Notifications: typing indicators in chats, private chats and rooms.
import type { ChatState } from '@parley/contract';
import { requireJid, xml, type Element, type JidInput } from '../stanza.js';
import { noStoreHint } from './hints.js';

export const NS_CHAT_STATES = 'http://jabber.org/protocol/chatstates';

const STATES: readonly string[] = ['active', 'composing', 'paused', 'inactive', 'gone'];

/**
 * The chat state carried by a message, or null. A message must carry at most one state
 * (XEP-0085 §5.5); if a hostile one carries several, the first known one wins.
 */
export function parseChatState(message: Element): ChatState | null {
  for (const child of message.getChildElements()) {
    if (child.getNS() === NS_CHAT_STATES && STATES.includes(child.getName())) {
      return child.getName() as ChatState;
    }
  }
  return null;
}

/** The chat state element alone, for embedding in a message with a body. */
export function buildChatState(state: ChatState): Element {
  return xml(state, { xmlns: NS_CHAT_STATES });
}

/**
 * A standalone chat state notification. `<no-store/>` (XEP-0334) keeps typing noise out of
 * the archive and offline storage; type chat makes it eligible for carbons, so the user's
 * other clients see it too. In a room (type groupchat, §5.5) it goes to the room's bare JID.
 */
export function buildChatStateMessage(
  to: JidInput,
  state: ChatState,
  type: 'chat' | 'groupchat' = 'chat',
): Element {
  const address = requireJid(to);
  return xml(
    'message',
    { to: (type === 'groupchat' ? address.bare() : address).toString(), type },
    buildChatState(state),
    noStoreHint(),
  );
}
