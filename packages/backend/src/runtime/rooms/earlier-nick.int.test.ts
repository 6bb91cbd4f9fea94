import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProsody, type TestServer } from '@parley/testkit';
import { login, type Device } from '../../test-support/accounts.js';
import { eventually, type Harness } from '../../test-support/harness.js';

let server: TestServer;
const opened: Harness[] = [];

beforeAll(async () => {
  server = await startProsody();
  for (const local of ['owner', 'eve', 'sam']) await server.createUser(local, `${local}-pw`);
});
afterAll(async () => {
  await Promise.all(opened.map((h) => h.close(true)));
  await server?.stop();
});

const join = (d: Device, room: string, nick: string) =>
  d.h.call('rooms.join', { accountId: d.account.id, room, nick, password: null });

const said = (d: Device, room: string) =>
  d.h.store.messages
    .page(d.account.id, room, { beforeId: null, limit: 100 })
    .messages.map((m) => `${m.body}:${m.direction}`)
    .sort(); // Archive stamps have one-second precision: order within a second varies.

describe('room archive and an earlier holder of our nick', () => {
  it('shows what someone else said under our nick as theirs, and ours as ours', async () => {
    const room = `nicks@${server.mucDomain}`;
    const owner = await login(server, opened, 'owner');
    await owner.h.call('rooms.create', { accountId: owner.account.id, room, nick: 'Owner' });

    // Eve holds the nick "Sam" first, says something and leaves.
    const eve = await login(server, opened, 'eve');
    await join(eve, room, 'Sam');
    await eve.h.call('messages.send', { accountId: eve.account.id, peer: room, body: 'by eve' });
    await eventually(() => owner.h.store.messages.count(owner.account.id, room) === 1);
    await eve.h.call('rooms.leave', { accountId: eve.account.id, room });

    // Sam joins under the same nick: the room archive brings eve's message.
    const sam = await login(server, opened, 'sam');
    expect(await join(sam, room, 'Sam')).toMatchObject({ state: 'joined', nick: 'Sam' });
    await eventually(() => sam.h.store.messages.count(sam.account.id, room) === 1);
    expect(said(sam, room)).toEqual(['by eve:in']);

    // What Sam says is his, live and again after a rejoin's archive catch-up.
    await sam.h.call('messages.send', { accountId: sam.account.id, peer: room, body: 'by sam' });
    await eventually(() =>
      sam.h.store.messages
        .page(sam.account.id, room, { beforeId: null, limit: 10 })
        .messages.some((m) => m.body === 'by sam' && m.status === 'delivered'),
    );
    await sam.h.call('rooms.leave', { accountId: sam.account.id, room });
    await owner.h.call('messages.send', { accountId: owner.account.id, peer: room, body: 'later' });
    await join(sam, room, 'Sam');
    await eventually(() => sam.h.store.messages.count(sam.account.id, room) === 3);
    expect(said(sam, room)).toEqual(['by eve:in', 'by sam:out', 'later:in']); // sorted
  });
});
