/**
 * Who is in a private group chat, by real JID, for OMEMO (XEP-0384 §5.8; OMEMO.md §3.6): the
 * occupants' real JIDs from their presence (`<x xmlns=muc#user><item jid=…>`, given by a
 * non-anonymous room) and the room's owner, admin and member lists (XEP-0045 §9.5, §10.5, §10.8),
 * offline members included, as Conversations (`MucOptions.getMembers`) and Dino encrypt for.
 * The lists are fetched when needed and fetched again after an affiliation changes (a presence
 * with another affiliation, or the room's announcement for someone not in it) or after
 * AFFILIATIONS_FRESH_MS. Also the room's occupant ids (XEP-0421) by real JID, which tell who sent
 * an encrypted message even after a nick change (see omemo-room-sender.ts).
 * Memory is bounded per room and in rooms tracked.
 */
import {
  bareOf,
  buildAffiliationListQuery,
  parseAffiliationList,
  parseJid,
  parseOccupantId,
  type Element,
  type IqSender,
  type MucPresence,
} from '@parley/xmpp';
import type { MucAffiliation } from '@parley/contract';
import type { RoomLive } from '../rooms/room-live.js';

/** A room with more members than this is not encrypted for (the refusal says so). */
export const MAX_ROOM_MEMBERS = 500;
/** Affiliation lists are read again after this long even without a change announced. */
export const AFFILIATIONS_FRESH_MS = 10 * 60 * 1000;
/** Rooms whose lists and occupant ids are kept (the oldest are forgotten: fetched again). */
const MAX_ROOMS = 200;
/** Occupant ids remembered per room (the oldest first forgotten). */
export const MAX_OCCUPANT_IDS = 5_000;

const LISTED: readonly MucAffiliation[] = ['owner', 'admin', 'member'];

/** What the members need of the rooms runtime: each joined room's live state. */
export interface RoomsView {
  readonly live: ReadonlyMap<string, RoomLive>;
}

interface Listed {
  jids: Set<string>;
  at: number;
}

export class OmemoRoomMembers {
  private readonly listed = new Map<string, Listed>();
  /** Per room: occupant id → real bare JID, insertion order is age. */
  private readonly occupantIds = new Map<string, Map<string, string>>();

  constructor(
    private readonly rooms: RoomsView,
    private readonly ownJid: string,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * One presence from a room we are in: its occupant id (when the room stamps them) for the
   * real JID, and an affiliation that differs from the lists we hold makes them stale.
   */
  notePresence(room: string, stanza: Element, p: MucPresence): void {
    const real = p.jid ? parseJid(p.jid) : null;
    if (!real || p.type === 'error') return;
    const bare = bareOf(real);
    const id = this.rooms.live.get(room)?.info?.occupantIds ? parseOccupantId(stanza) : null;
    if (id !== null && p.type === 'available') this.rememberId(room, id, bare);
    const lists = this.listed.get(room);
    if (lists && lists.jids.has(bare) !== LISTED.includes(p.affiliation)) this.invalidate(room);
  }

  /** An affiliation changed (announced by the room) or we joined again: read the lists anew. */
  invalidate(room: string): void {
    this.listed.delete(room);
  }

  /** The real bare JID behind an occupant id, if a presence told it. */
  byOccupantId(room: string, id: string): string | null {
    return this.occupantIds.get(room)?.get(id) ?? null;
  }

  /**
   * Every member's real bare JID but ours, sorted: the occupants we see and the affiliation
   * lists (fetched first when stale; a list the room refuses us counts as empty: then the
   * occupants are all we know). At most MAX_ROOM_MEMBERS + 1 (the caller refuses past it).
   */
  async members(send: IqSender, room: string): Promise<string[]> {
    const out = new Set<string>();
    for (const jid of await this.affiliated(send, room)) out.add(jid);
    for (const occupant of this.rooms.live.get(room)?.occupants.values() ?? []) {
      const real = occupant.jid ? parseJid(occupant.jid) : null;
      if (real) out.add(bareOf(real));
      if (out.size > MAX_ROOM_MEMBERS + 1) break;
    }
    out.delete(this.ownJid);
    return [...out].sort().slice(0, MAX_ROOM_MEMBERS + 1);
  }

  private async affiliated(send: IqSender, room: string): Promise<Set<string>> {
    const held = this.listed.get(room);
    if (held && this.now() - held.at <= AFFILIATIONS_FRESH_MS) return held.jids;
    const lists = await Promise.all(
      LISTED.map((affiliation) =>
        send(buildAffiliationListQuery(room, affiliation))
          .then(parseAffiliationList)
          .catch(() => []),
      ),
    );
    const jids = new Set<string>();
    for (const item of lists.flat()) {
      const jid = parseJid(item.jid);
      // A member list holds accounts; a domain or a room is no one to encrypt for.
      if (jid?.local) jids.add(bareOf(jid));
      if (jids.size > MAX_ROOM_MEMBERS + 1) break;
    }
    this.listed.delete(room);
    this.listed.set(room, { jids, at: this.now() });
    if (this.listed.size > MAX_ROOMS) this.listed.delete(this.listed.keys().next().value!);
    return jids;
  }

  private rememberId(room: string, id: string, bare: string): void {
    let ids = this.occupantIds.get(room);
    if (!ids) {
      ids = new Map();
      this.occupantIds.set(room, ids);
      if (this.occupantIds.size > MAX_ROOMS) {
        this.occupantIds.delete(this.occupantIds.keys().next().value!);
      }
    }
    ids.delete(id);
    ids.set(id, bare);
    if (ids.size > MAX_OCCUPANT_IDS) ids.delete(ids.keys().next().value!);
  }
}
