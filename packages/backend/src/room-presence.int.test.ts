import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProsody, type TestServer } from '@parley/testkit';
import { login as loginOn, type Device } from './test-support/accounts.js';
import { eventually, type Harness } from './test-support/harness.js';

let server: TestServer;
const opened: Harness[] = [];
let n = 0;

async function user(prefix: string): Promise<Device> {
  const local = `${prefix}${++n}`;
  await server.createUser(local, `${local}-pw`);
  return loginOn(server, opened, local);
}

beforeAll(async () => {
  server = await startProsody();
});
afterAll(async () => {
  await Promise.all(opened.map((h) => h.close(true)));
  await server?.stop();
});

describe('presence in rooms', () => {
  it("an occupant's new show and status reach the others' member list at once", async () => {
    const ann = await user('ann');
    const bob = await user('bob');
    const room = `porch${++n}@${server.mucDomain}`;
    await ann.h.call('rooms.create', { accountId: ann.account.id, room, nick: 'Ann' });
    const seenBob = ann.h.waitFor('room.occupants', (e) =>
      e.upserted.some((o) => o.nick === 'Bob'),
    );
    await bob.h.call('rooms.join', {
      accountId: bob.account.id,
      room,
      nick: 'Bob',
      password: null,
    });
    await seenBob;

    // Bob goes away with a status: no rejoin, no role change.
    const update = ann.h.waitFor('room.occupants', (e) =>
      e.upserted.some((o) => o.nick === 'Bob' && o.show === 'away'),
    );
    await bob.h.call('presence.set', {
      accountId: bob.account.id,
      show: 'away',
      status: 'out for lunch',
    });
    const batch = await update;
    expect(batch.upserted.find((o) => o.nick === 'Bob')).toMatchObject({
      show: 'away',
      status: 'out for lunch',
      role: 'participant',
    });
    const listed = await ann.h.call('rooms.occupants', { accountId: ann.account.id, room });
    expect(listed.find((o) => o.nick === 'Bob')).toMatchObject({
      show: 'away',
      status: 'out for lunch',
    });

    // And back: available again, the status cleared.
    await bob.h.call('presence.set', { accountId: bob.account.id, show: 'available', status: '' });
    await eventually(async () => {
      const now = await ann.h.call('rooms.occupants', { accountId: ann.account.id, room });
      const b = now.find((o) => o.nick === 'Bob');
      return b?.show === 'available' && b.status === '' ? b : undefined;
    });
    // Still one Bob: an update, not a second occupant; still in the room.
    const after = await ann.h.call('rooms.occupants', { accountId: ann.account.id, room });
    expect(after.filter((o) => o.nick === 'Bob')).toHaveLength(1);
    const bobRoom = await bob.h.call('rooms.list', {});
    expect(bobRoom.find((r) => r.jid === room && r.accountId === bob.account.id)?.state).toBe(
      'joined',
    );
  });
});
