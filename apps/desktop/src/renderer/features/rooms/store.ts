import type { EventPayload, Invitation, Occupant, Room, RoomNotice } from '@parley/contract';
import { create } from 'zustand';
import { chatKey } from '../ui/store';

export type OccupantBatch = EventPayload<'room.occupants'>;

/** A notice with an id of our own: notices carry none, and rows need stable keys. */
export interface NoticeEntry extends RoomNotice {
  id: number;
}

/** Notices are only held in memory (the contract has no history for them): keep the latest. */
export const MAX_NOTICES = 500;

const EMPTY_OCCUPANTS: ReadonlyMap<string, Occupant> = new Map();
const EMPTY_NOTICES: readonly NoticeEntry[] = [];

interface RoomsState {
  /** Every known room (joined, joining, failed, left, bookmarked), by chatKey(account, jid). */
  rooms: ReadonlyMap<string, Room>;
  /**
   * Occupants per room, keyed by nick. A room is absent until its list is known (a reset
   * batch or rooms.occupants); one batch replaces one room's Map, nothing else.
   */
  occupants: Readonly<Record<string, ReadonlyMap<string, Occupant>>>;
  notices: Readonly<Record<string, readonly NoticeEntry[]>>;
  invitations: readonly Invitation[];
  setRooms(rooms: Room[]): void;
  upsertRoom(room: Room): void;
  removeRoom(accountId: string, jid: string): void;
  /** The full list (rooms.occupants): replaces what is held. */
  setOccupants(accountId: string, room: string, occupants: Occupant[]): void;
  /** One room.occupants event, in one set(). Ignored for a room whose list is not known yet. */
  applyOccupants(batch: OccupantBatch): void;
  addNotice(notice: RoomNotice): void;
  setInvitations(invitations: Invitation[]): void;
  addInvitation(invitation: Invitation): void;
  resolveInvitation(accountId: string, room: string): void;
  removeAccount(accountId: string): void;
}

let noticeSeq = 0;

const inRoom = (state: Room['state']): boolean => state === 'joined' || state === 'joining';

export const useRooms = create<RoomsState>()((set) => ({
  rooms: new Map(),
  occupants: {},
  notices: {},
  invitations: [],
  setRooms: (rooms) =>
    // After a backend reconnect occupant events may have been missed: lists are fetched again.
    set({ rooms: new Map(rooms.map((r) => [chatKey(r.accountId, r.jid), r])), occupants: {} }),
  upsertRoom: (room) =>
    set((s) => {
      const key = chatKey(room.accountId, room.jid);
      const rooms = new Map(s.rooms);
      const previous = rooms.get(key);
      rooms.set(key, room);
      // Out of the room, the old list would be stale: show it empty rather than wrong.
      if (!inRoom(room.state) && (!previous || inRoom(previous.state))) {
        return { rooms, occupants: { ...s.occupants, [key]: EMPTY_OCCUPANTS } };
      }
      // Back in without a fresh list (no reset batch came first): let the view fetch it.
      if (room.state === 'joined' && s.occupants[key] === EMPTY_OCCUPANTS) {
        return { rooms, occupants: without(s.occupants, key) };
      }
      return { rooms };
    }),
  removeRoom: (accountId, jid) =>
    set((s) => {
      const key = chatKey(accountId, jid);
      if (!s.rooms.has(key) && !(key in s.occupants)) return {};
      const rooms = new Map(s.rooms);
      rooms.delete(key);
      return { rooms, occupants: without(s.occupants, key), notices: without(s.notices, key) };
    }),
  setOccupants: (accountId, room, occupants) =>
    set((s) => ({
      occupants: {
        ...s.occupants,
        [chatKey(accountId, room)]: new Map(occupants.map((o) => [o.nick, o])),
      },
    })),
  applyOccupants: (batch) =>
    set((s) => {
      const key = chatKey(batch.accountId, batch.room);
      const current = s.occupants[key];
      if (!current && !batch.reset) return {};
      const next = new Map(batch.reset ? EMPTY_OCCUPANTS : current);
      for (const nick of batch.removed) next.delete(nick);
      for (const o of batch.upserted) next.set(o.nick, o);
      return { occupants: { ...s.occupants, [key]: next } };
    }),
  addNotice: (notice) =>
    set((s) => {
      const key = chatKey(notice.accountId, notice.room);
      const list = (s.notices[key] ?? EMPTY_NOTICES).slice();
      // Usually the newest; a delayed one goes in its place by time.
      let at = list.length;
      while (at > 0 && (list[at - 1]?.timestamp ?? 0) > notice.timestamp) at--;
      list.splice(at, 0, { ...notice, id: ++noticeSeq });
      if (list.length > MAX_NOTICES) list.splice(0, list.length - MAX_NOTICES);
      return { notices: { ...s.notices, [key]: list } };
    }),
  setInvitations: (invitations) => set({ invitations }),
  addInvitation: (invitation) =>
    set((s) => ({
      invitations: [
        ...s.invitations.filter(
          (i) => !(i.accountId === invitation.accountId && i.room === invitation.room),
        ),
        invitation,
      ],
    })),
  resolveInvitation: (accountId, room) =>
    set((s) => ({
      invitations: s.invitations.filter((i) => !(i.accountId === accountId && i.room === room)),
    })),
  removeAccount: (accountId) =>
    set((s) => {
      const prefix = chatKey(accountId, '');
      const keep = <T>(record: Readonly<Record<string, T>>): Record<string, T> =>
        Object.fromEntries(Object.entries(record).filter(([k]) => !k.startsWith(prefix)));
      return {
        rooms: new Map([...s.rooms].filter(([, r]) => r.accountId !== accountId)),
        occupants: keep(s.occupants),
        notices: keep(s.notices),
        invitations: s.invitations.filter((i) => i.accountId !== accountId),
      };
    }),
}));

function without<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const next = { ...record };
  delete next[key];
  return next;
}

export function useRoom(accountId: string, jid: string): Room | undefined {
  return useRooms((s) => s.rooms.get(chatKey(accountId, jid)));
}

/** The room's occupants, or null while the list is not known. */
export function useOccupants(key: string): ReadonlyMap<string, Occupant> | null {
  return useRooms((s) => s.occupants[key] ?? null);
}

export function useNotices(key: string | null): readonly NoticeEntry[] {
  return useRooms((s) => (key ? (s.notices[key] ?? EMPTY_NOTICES) : EMPTY_NOTICES));
}
