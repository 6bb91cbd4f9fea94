/**
 * Who sent an encrypted group chat message, by real JID (XEP-0384 §5.8; OMEMO.md §3.6): legacy
 * OMEMO names no JID in the message, and the sessions are kept per real JID, so the room must
 * tell. In order:
 *  1. its occupant id (XEP-0421), where the room stamps them (and says so in disco#info, so an
 *     occupant cannot bring their own): the real JID its presence carried; ours is ours;
 *  2. a live message: the nick's real JID in the occupant list as it is now (ours: our JID);
 *  3. an archived one (the room's MAM): the `<x xmlns=muc#user><item jid=…>` the room adds in a
 *     non-anonymous room (Prosody's muc_mam does), only when there is exactly one (an occupant
 *     could add their own; the room's would then make two).
 * A nick in the archive or the join history may have been someone else's then, so it is not
 * used there. Dino (decrypt.vala) and Conversations map the same way. Without a real JID the
 * message cannot be opened: the caller stores it as 'sender-unknown'.
 */
import {
  bareOf,
  childrenIn,
  NS_MUC_USER,
  parseJid,
  parseOccupantId,
  type EnvelopeHead,
} from '@parley/xmpp';
import type { OmemoRoomMembers, RoomsView } from './omemo-room-members.js';

export interface RoomSenderContext {
  rooms: RoomsView;
  members: OmemoRoomMembers;
  ownJid: string;
  /** Our nick in the room (the store's record). */
  ownNick(room: string): string | null;
}

/** The sender's real bare JID (ours for our own), or null when the room did not tell it. */
export function roomSenderOf(head: EnvelopeHead, ctx: RoomSenderContext): string | null {
  const from = head.from;
  const nick = from?.resource;
  if (!from?.local || !nick) return null;
  const room = bareOf(from);
  const live = ctx.rooms.live.get(room);
  if (live?.info?.occupantIds) {
    const id = parseOccupantId(head.content);
    if (id !== null) {
      if (live.ownOccupantId !== null && id === live.ownOccupantId) return ctx.ownJid;
      const known = ctx.members.byOccupantId(room, id);
      if (known) return known;
    }
  }
  const delayed = head.content.getChild('delay', 'urn:xmpp:delay') !== undefined;
  if (head.origin.kind === 'live' && !delayed) {
    if (nick === ctx.ownNick(room)) return ctx.ownJid;
    const real = live?.occupants.get(nick)?.jid;
    const jid = real ? parseJid(real) : null;
    return jid?.local ? bareOf(jid) : null;
  }
  if (head.origin.kind === 'archive') return archivedRealJid(head);
  return null;
}

/** The one `<x muc#user><item jid>` of an archived room message, as a bare JID. */
function archivedRealJid(head: EnvelopeHead): string | null {
  const xs = childrenIn(head.content, 'x', NS_MUC_USER);
  if (xs.length !== 1) return null;
  const items = childrenIn(xs[0]!, 'item', NS_MUC_USER).filter((i) => i.attrs.jid !== undefined);
  if (items.length !== 1) return null;
  const jid = parseJid(items[0]!.attrs.jid);
  return jid?.local ? bareOf(jid) : null;
}
