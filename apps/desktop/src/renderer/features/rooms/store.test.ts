import { beforeEach, describe, expect, it, vi } from 'vitest';
import { invitation, notice, occupant, room } from '../../test/fixtures';
import { chatKey } from '../ui/store';
import { MAX_NOTICES, useRooms } from './store';

const R = 'room@conference.example.org';
const key = chatKey('a1', R);
const nicks = () => [...(useRooms.getState().occupants[key]?.keys() ?? [])];

describe('rooms store', () => {
  beforeEach(() =>
    useRooms.setState({ rooms: new Map(), occupants: {}, notices: {}, invitations: [] }),
  );

  it('applies a reset batch of 3,000 occupants in one update', () => {
    const updates = vi.fn();
    const off = useRooms.subscribe(updates);
    useRooms.getState().applyOccupants({
      accountId: 'a1',
      room: R,
      reset: true,
      upserted: Array.from({ length: 3_000 }, (_, i) => occupant(`n${i}`)),
      removed: [],
    });
    expect(updates).toHaveBeenCalledTimes(1);
    expect(useRooms.getState().occupants[key]?.size).toBe(3_000);
    off();
  });

  it('ignores partial batches until the list is known, then upserts and removes by nick', () => {
    const s = useRooms.getState();
    s.applyOccupants({
      accountId: 'a1',
      room: R,
      reset: false,
      upserted: [occupant('x')],
      removed: [],
    });
    expect(useRooms.getState().occupants[key]).toBeUndefined();

    s.setOccupants('a1', R, [occupant('alice'), occupant('bob')]);
    const before = useRooms.getState().occupants;
    s.applyOccupants({
      accountId: 'a1',
      room: R,
      reset: false,
      upserted: [occupant('alice', { show: 'away' }), occupant('carol')],
      removed: ['bob'],
    });
    expect(nicks()).toEqual(['alice', 'carol']);
    expect(useRooms.getState().occupants[key]?.get('alice')?.show).toBe('away');
    // The previous Map is untouched (selectors compare by identity).
    expect(before[key]?.has('bob')).toBe(true);
  });

  it('drops everything held for the room on reset', () => {
    const s = useRooms.getState();
    s.setOccupants('a1', R, [occupant('old1'), occupant('old2')]);
    s.setOccupants('a1', 'other@conference.example.org', [occupant('keep')]);
    s.applyOccupants({
      accountId: 'a1',
      room: R,
      reset: true,
      upserted: [occupant('new')],
      removed: [],
    });
    expect(nicks()).toEqual(['new']);
    expect(useRooms.getState().occupants[chatKey('a1', 'other@conference.example.org')]?.size).toBe(
      1,
    );
  });

  it('empties the list when we leave, and lets it be fetched again on rejoin', () => {
    const s = useRooms.getState();
    s.upsertRoom(room(R));
    s.setOccupants('a1', R, [occupant('alice')]);
    s.upsertRoom(room(R, { state: 'left' }));
    expect(useRooms.getState().occupants[key]?.size).toBe(0);
    s.upsertRoom(room(R, { state: 'joined' }));
    expect(useRooms.getState().occupants[key]).toBeUndefined();
  });

  it('keeps notices in time order, capped', () => {
    const s = useRooms.getState();
    s.addNotice(notice('join', 'b', { timestamp: 2 }));
    s.addNotice(notice('leave', 'c', { timestamp: 3 }));
    s.addNotice(notice('nick', 'a', { timestamp: 1, value: 'aa' }));
    const list = useRooms.getState().notices[key]!;
    expect(list.map((n) => n.nick)).toEqual(['a', 'b', 'c']);
    expect(new Set(list.map((n) => n.id)).size).toBe(3);
    for (let i = 0; i < MAX_NOTICES + 10; i++)
      s.addNotice(notice('join', `n${i}`, { timestamp: 10 + i }));
    const capped = useRooms.getState().notices[key]!;
    expect(capped).toHaveLength(MAX_NOTICES);
    expect(capped.at(-1)?.nick).toBe(`n${MAX_NOTICES + 9}`);
  });

  it('removes a room with its occupants and notices, and an account with all of it', () => {
    const s = useRooms.getState();
    s.setRooms([room(R), room('x@conference.example.org', { accountId: 'a2' })]);
    s.setOccupants('a1', R, [occupant('alice')]);
    s.addNotice(notice('join', 'alice'));
    s.addInvitation(invitation('y@conference.example.org', { accountId: 'a2' }));
    s.removeRoom('a1', R);
    expect(useRooms.getState().rooms.has(key)).toBe(false);
    expect(useRooms.getState().occupants[key]).toBeUndefined();
    expect(useRooms.getState().notices[key]).toBeUndefined();
    s.removeAccount('a2');
    expect(useRooms.getState().rooms.size).toBe(0);
    expect(useRooms.getState().invitations).toEqual([]);
  });

  it('keeps one invitation per room and account', () => {
    const s = useRooms.getState();
    s.addInvitation(invitation(R, { reason: 'first' }));
    s.addInvitation(invitation(R, { reason: 'second' }));
    s.addInvitation(invitation(R, { accountId: 'a2' }));
    expect(useRooms.getState().invitations.map((i) => i.reason)).toEqual(['second', '']);
    s.resolveInvitation('a1', R);
    expect(useRooms.getState().invitations.map((i) => i.accountId)).toEqual(['a2']);
  });
});
