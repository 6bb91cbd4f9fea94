import type { OwnPresence } from '@parley/contract';
import { buildCaps, buildOccupantPresence, type Session } from '@parley/xmpp';
import type { Rooms } from './rooms.js';

/**
 * Our presence changed (away, a status message): every room we are in hears it too, so the
 * other occupants' member lists follow at once (XEP-0045 §7.7).
 */
export async function sendOwnPresenceToRooms(
  rooms: Rooms,
  session: Session,
  presence: OwnPresence,
): Promise<void> {
  const { store, accountId } = rooms.scope;
  const show = presence.show === 'available' ? null : presence.show;
  const sends: Promise<void>[] = [];
  for (const [room, live] of rooms.live) {
    if (live.state !== 'joined') continue;
    const nick = store.rooms.get(accountId, room)?.nick;
    if (!nick) continue;
    sends.push(
      session.send(
        buildOccupantPresence({ room, nick, show, status: presence.status, caps: buildCaps() }),
      ),
    );
  }
  await Promise.all(sends);
}
