import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Room } from '@parley/contract';
import { startProsody, type TestServer } from '@parley/testkit';
import { login as loginOn, type Device } from './test-support/accounts.js';
import { eventually, type Harness } from './test-support/harness.js';

let server: TestServer;
const opened: Harness[] = [];
let n = 0;

/** A fresh user logged in on a fresh backend. */
async function user(prefix: string): Promise<Device> {
  const local = `${prefix}${++n}`;
  await server.createUser(local, `${local}-pw`);
  return loginOn(server, opened, local);
}

const roomJid = (name: string) => `${name}${++n}@${server.mucDomain}`;

async function create(d: Device, room: string, nick: string): Promise<Room> {
  const created = await d.h.call('rooms.create', { accountId: d.account.id, room, nick });
  expect(created).toMatchObject({ state: 'joined', ownAffiliation: 'owner', nick });
  return created;
}

function join(d: Device, room: string, nick: string, password: string | null = null) {
  return d.h.call('rooms.join', { accountId: d.account.id, room, nick, password });
}

beforeAll(async () => {
  server = await startProsody();
});
afterAll(async () => {
  await Promise.all(opened.map((h) => h.close(true)));
  await server?.stop();
});

describe('joining and talking', () => {
  it('creates a room, joins from a second account and exchanges messages both ways', async () => {
    const ann = await user('ann');
    const bob = await user('bob');
    const room = roomJid('lounge');
    await create(ann, room, 'Ann');

    const seenBob = ann.h.waitFor('room.occupants', (e) =>
      e.upserted.some((o) => o.nick === 'Bob'),
    );
    const joinNotice = ann.h.waitFor('room.notice', (e) => e.kind === 'join' && e.nick === 'Bob');
    const joined = await join(bob, room, 'Bob');
    expect(joined).toMatchObject({ state: 'joined', ownRole: 'participant', nick: 'Bob' });
    await seenBob;
    await joinNotice;
    const occupants = await bob.h.call('rooms.occupants', { accountId: bob.account.id, room });
    expect(occupants.map((o) => o.nick).sort()).toEqual(['Ann', 'Bob']);
    expect(occupants.find((o) => o.nick === 'Ann')).toMatchObject({
      role: 'moderator',
      affiliation: 'owner',
    });

    const sent = await bob.h.call('messages.send', {
      accountId: bob.account.id,
      peer: room,
      body: 'hello Ann',
    });
    // The room reflects it back: it reached the room.
    await eventually(
      () => bob.h.store.messages.get(bob.account.id, sent.id)?.status === 'delivered',
    );
    const got = await eventually(() =>
      ann.h.store.messages
        .page(ann.account.id, room, { beforeId: null, limit: 10 })
        .messages.find((m) => m.body === 'hello Ann'),
    );
    expect(got).toMatchObject({ direction: 'in', resource: 'Bob', peer: room });
    expect(got.stanzaId).not.toBeNull();
    // Ann's nick was mentioned: a mention on her side.
    const conv = await eventually(() => {
      const c = ann.h.store.conversations.get(ann.account.id, room);
      return c && c.unread > 0 ? c : undefined;
    });
    expect(conv).toMatchObject({ kind: 'room', unread: 1, mentions: 1 });

    await ann.h.call('messages.send', { accountId: ann.account.id, peer: room, body: 'hi Bob' });
    await eventually(() =>
      bob.h.store.messages
        .page(bob.account.id, room, { beforeId: null, limit: 10 })
        .messages.some((m) => m.body === 'hi Bob' && m.resource === 'Ann'),
    );
    // Each side holds each message once: the reflection of one's own did not duplicate it.
    const bodies = bob.h.store.messages
      .page(bob.account.id, room, { beforeId: null, limit: 10 })
      .messages.map((m) => m.body);
    expect(bodies).toEqual(['hello Ann', 'hi Bob']);
  });
});
