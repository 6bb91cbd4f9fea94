import type { Room } from '@parley/contract';
import { errorText } from '../../app/client';
import { useConversations } from '../conversations/store';
import { chatKey } from '../ui/store';
import { forgetRoom } from './actions';
import { useRooms } from './store';

export interface RoomRef {
  accountId: string;
  room: string;
}

/**
 * A first join that failed and left only its error behind: not joined, not bookmarked, never
 * a conversation. Shown once, in the dialog that tried it; it has no place in the list after.
 * A bookmarked room or one with history that failed to rejoin stays (its row offers a retry).
 */
export function isLeftoverFailure(room: Room): boolean {
  if (room.state !== 'error' || room.bookmarked) return false;
  return !useConversations.getState().byKey.has(chatKey(room.accountId, room.jid));
}

/** Forgets each of these rooms that is (still) a leftover failed join. */
export async function dismissFailedJoins(refs: Iterable<RoomRef>): Promise<void> {
  const rooms = useRooms.getState().rooms;
  const forgets = [...refs].map(async ({ accountId, room }) => {
    const current = rooms.get(chatKey(accountId, room));
    if (!current || !isLeftoverFailure(current)) return;
    await forgetRoom(accountId, room).catch((e: unknown) =>
      console.warn('rooms.forget failed', errorText(e)),
    );
  });
  await Promise.all(forgets);
}
