import type { ConversationKind } from '@parley/contract';
import { bareOf, type JID } from '@parley/xmpp';

/** The conversation an address belongs to: its peer (as stored) and its kind. */
export interface ConversationTarget {
  peer: string;
  kind: ConversationKind;
}

/**
 * The one rule for what conversation an address is, wherever it is decided (commands, the
 * incoming pipeline, the outbox): a room we know is a 'room' conversation under its bare JID;
 * an occupant of it (room/nick) is a 'private' chat of its own under the full JID; anyone
 * else, whatever resource they write from, is a 'chat' under their bare JID. `isRoom` tells
 * the rooms we know (joined, joining, bookmarked or kept).
 */
export function conversationTarget(
  address: JID,
  isRoom: (bare: string) => boolean,
): ConversationTarget {
  const bare = bareOf(address);
  if (!isRoom(bare)) return { peer: bare, kind: 'chat' };
  return address.resource
    ? { peer: address.toString(), kind: 'private' }
    : { peer: bare, kind: 'room' };
}
