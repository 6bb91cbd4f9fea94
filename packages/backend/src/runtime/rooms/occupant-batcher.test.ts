import { describe, expect, it } from 'vitest';
import type { EventPayload, Occupant } from '@parley/contract';
import { EventBus } from '../../event-bus.js';
import { OccupantBatcher } from './occupant-batcher.js';

const ROOM = 'lounge@muc.example.org';
const OTHER = 'other@muc.example.org';
type Batch = EventPayload<'room.occupants'>;

function setUp() {
  const bus = new EventBus(true);
  const batches: Batch[] = [];
  bus.subscribe((name, payload) => {
    if (name === 'room.occupants') batches.push(payload as Batch);
  });
  return { batcher: new OccupantBatcher('a', bus), batches };
}

const occupant = (nick: string, role: Occupant['role'] = 'participant'): Occupant => ({
  nick,
  jid: null,
  role,
  affiliation: 'none',
  show: 'available',
  status: '',
});

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('OccupantBatcher', () => {
  it('sends many upserts of one turn as one event, the latest state per nick', async () => {
    const { batcher, batches } = setUp();
    for (let i = 0; i < 500; i++) batcher.upsert(ROOM, occupant(`n${i}`));
    batcher.upsert(ROOM, occupant('n7', 'moderator'));
    expect(batches).toEqual([]);
    await nextTurn();
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({ accountId: 'a', room: ROOM, reset: false, removed: [] });
    expect(batches[0]?.upserted).toHaveLength(500);
    expect(batches[0]?.upserted.find((o) => o.nick === 'n7')?.role).toBe('moderator');
    await nextTurn();
    expect(batches).toHaveLength(1);
  });

  it('an upsert then a remove in one turn leaves only the removal, and the reverse the upsert', async () => {
    const { batcher, batches } = setUp();
    batcher.upsert(ROOM, occupant('ghost'));
    batcher.remove(ROOM, 'ghost');
    batcher.remove(ROOM, 'back');
    batcher.upsert(ROOM, occupant('back'));
    await nextTurn();
    expect(batches).toEqual([
      {
        accountId: 'a',
        room: ROOM,
        reset: false,
        upserted: [occupant('back')],
        removed: ['ghost'],
      },
    ]);
  });

  it('a reset drops what was pending and says so; later changes ride along', async () => {
    const { batcher, batches } = setUp();
    batcher.upsert(ROOM, occupant('before'));
    batcher.reset(ROOM);
    batcher.upsert(ROOM, occupant('after'));
    await nextTurn();
    expect(batches).toEqual([
      { accountId: 'a', room: ROOM, reset: true, upserted: [occupant('after')], removed: [] },
    ]);
  });

  it('keeps rooms apart: one event per room', async () => {
    const { batcher, batches } = setUp();
    batcher.upsert(ROOM, occupant('x'));
    batcher.upsert(OTHER, occupant('x'));
    batcher.remove(OTHER, 'y');
    await nextTurn();
    expect(batches.map((b) => [b.room, b.upserted.length, b.removed.length])).toEqual([
      [ROOM, 1, 0],
      [OTHER, 1, 1],
    ]);
  });

  it('flushes at once past 1,000 pending changes, without waiting for the turn', async () => {
    const { batcher, batches } = setUp();
    for (let i = 0; i < 2_500; i++) batcher.upsert(ROOM, occupant(`n${i}`));
    expect(batches.map((b) => b.upserted.length)).toEqual([1_000, 1_000]);
    await nextTurn();
    expect(batches.map((b) => b.upserted.length)).toEqual([1_000, 1_000, 500]);
    const nicks = new Set(batches.flatMap((b) => b.upserted.map((o) => o.nick)));
    expect(nicks.size).toBe(2_500);
  });

  it('counts removals toward the early flush too', () => {
    const { batcher, batches } = setUp();
    for (let i = 0; i < 1_000; i++) batcher.remove(ROOM, `n${i}`);
    expect(batches).toHaveLength(1);
    expect(batches[0]?.removed).toHaveLength(1_000);
  });

  it('keeps a reset when the early flush takes it', async () => {
    const { batcher, batches } = setUp();
    batcher.reset(ROOM);
    for (let i = 0; i < 1_200; i++) batcher.upsert(ROOM, occupant(`n${i}`));
    await nextTurn();
    expect(batches.map((b) => b.reset)).toEqual([true, false]);
  });
});
