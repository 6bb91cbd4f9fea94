import type { ConversationKind } from '@parley/contract';
import type { EditTarget } from '@parley/store';
import type { MessageSource } from './message-pipeline.js';

/** The conversation a correction, retraction or moderation arrived in. */
export interface EditConversation {
  /** Bare JID (chat, room) or room/nick (private). */
  peer: string;
  kind: ConversationKind;
}

/** Who sent it, as far as the pipeline established (carbons and archives already checked). */
export type EditSender =
  /** One-to-one or private: the peer, or our own account (a carbon or archive copy). */
  | { kind: 'direct'; outgoing: boolean; source: MessageSource['kind'] }
  /** A room occupant; `ours` when it is us (our occupant id, or our nick while we are in). */
  | {
      kind: 'occupant';
      nick: string;
      occupantId: string | null;
      ours: boolean;
      /** Live in this join (not the join history, not the archive). */
      live: boolean;
    }
  /** The room's bare JID itself: only it may announce a moderation. */
  | { kind: 'room' };

/** Per nick, the ids of messages sent live while we saw that occupant stay in the room. */
const maxIdsPerNick = 200;
const maxNicksPerRoom = 2_000;
const maxRooms = 500;

/**
 * Rooms without occupant ids (XEP-0421): a nick is all there is, and it can change hands when
 * its holder leaves. XEP-0308's security considerations: a correction is accepted only from the occupant that
 * sent the original in the same stay; so we remember which messages each nick sent live since we
 * joined, and forget a nick the moment it leaves (or we rejoin: a new epoch).
 */
export class OccupantStays {
  private readonly rooms = new Map<string, { epoch: number; nicks: Map<string, Set<string>> }>();

  private roomOf(room: string, epoch: number): Map<string, Set<string>> {
    let entry = this.rooms.get(room);
    if (!entry || entry.epoch !== epoch) {
      this.rooms.delete(room);
      if (this.rooms.size >= maxRooms) this.rooms.delete(this.rooms.keys().next().value as string);
      entry = { epoch, nicks: new Map() };
      this.rooms.set(room, entry);
    }
    return entry.nicks;
  }

  /** A live message with this stanza id from `nick`. */
  note(room: string, epoch: number, nick: string, id: string): void {
    const nicks = this.roomOf(room, epoch);
    let ids = nicks.get(nick);
    if (!ids) {
      if (nicks.size >= maxNicksPerRoom) return;
      ids = new Set();
      nicks.set(nick, ids);
    }
    ids.add(id);
    if (ids.size > maxIdsPerNick) ids.delete(ids.values().next().value as string);
  }

  /** Whether `nick` sent message `id` live in its current stay. */
  saw(room: string, epoch: number, nick: string, id: string | null): boolean {
    const entry = this.rooms.get(room);
    return id !== null && entry?.epoch === epoch && !!entry.nicks.get(nick)?.has(id);
  }

  /** The occupant left (or was renamed): its nick may be someone else's next. */
  left(room: string, nick: string): void {
    this.rooms.get(room)?.nicks.delete(nick);
  }
}

/**
 * Whether `sender` may correct or retract `target` (found in the same conversation):
 * - one-to-one and private: the peer its own incoming messages (same bare JID, or the same
 *   room/nick address; a reconnect may change the resource); our account (carbons and archive
 *   copies, verified upstream) its outgoing ones;
 * - rooms: by occupant id where both carry one; else the same nick, and only for a message it
 *   sent live in its current stay (`stays`); ours only from us.
 */
export function mayEdit(
  target: EditTarget,
  sender: EditSender,
  stays: { saw(nick: string, id: string | null): boolean },
): boolean {
  const { message } = target;
  switch (sender.kind) {
    case 'direct':
      return sender.outgoing ? message.direction === 'out' : message.direction === 'in';
    case 'room':
      return false;
    case 'occupant': {
      if (message.direction === 'out') return sender.ours;
      if (sender.ours) return false;
      if (target.occupantId !== null || sender.occupantId !== null) {
        return target.occupantId === sender.occupantId;
      }
      if (message.resource !== sender.nick || !sender.live) return false;
      return stays.saw(sender.nick, target.senderId);
    }
  }
}
