import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProsody, startProxy, testClient, type TestServer } from '@parley/testkit';
import { buildBookmarkPublish, buildBookmarksFetch, parseBookmarkItems } from '@parley/xmpp';
import { login as loginOn, type Device } from './test-support/accounts.js';
import { eventually, startHarness, type Harness } from './test-support/harness.js';

let server: TestServer;
const opened: Harness[] = [];
let n = 0;

async function user(prefix: string): Promise<{ local: string }> {
  const local = `${prefix}${++n}`;
  await server.createUser(local, `${local}-pw`);
  return { local };
}

const roomJid = (name: string) => `${name}${++n}@${server.mucDomain}`;

const roomBodies = (d: Device, room: string) =>
  d.h.store.messages
    .page(d.account.id, room, { beforeId: null, limit: 1000 })
    .messages.map((m) => m.body);

beforeAll(async () => {
  // Sessions are forgotten one second after a drop, so a long cut means a fresh session.
  server = await startProsody({ smacksHibernationSeconds: 1 });
});
afterAll(async () => {
  await Promise.all(opened.map((h) => h.close(true)));
  await server?.stop();
});

describe('room history', () => {
  it('fills a fresh join from the room archive, pages back, and stores nothing twice', async () => {
    const ann = await loginOn(server, opened, (await user('han')).local);
    const room = roomJid('history');
    await ann.h.call('rooms.create', { accountId: ann.account.id, room, nick: 'Ann' });
    const total = 80;
    for (let i = 0; i < total; i++) {
      await ann.h.call('messages.send', { accountId: ann.account.id, peer: room, body: `m${i}` });
    }
    await eventually(() => ann.h.store.messages.count(ann.account.id, room) === total);
    await eventually(() =>
      ann.h.store.messages
        .page(ann.account.id, room, { beforeId: null, limit: total })
        .messages.every((m) => m.status === 'delivered' && m.stanzaId !== null),
    );

    // Bob joins for the first time: the newest archive page (50 in tests), no join history.
    const bob = await loginOn(server, opened, (await user('hbo')).local);
    await bob.h.call('rooms.join', {
      accountId: bob.account.id,
      room,
      nick: 'Bob',
      password: null,
    });
    await eventually(() => bob.h.store.messages.count(bob.account.id, room) === 50);
    expect(roomBodies(bob, room)).toEqual(Array.from({ length: 50 }, (_, i) => `m${i + 30}`));
    // A join reads as history, not as 50 unread messages.
    expect(bob.h.store.conversations.get(bob.account.id, room)).toMatchObject({
      kind: 'room',
      unread: 0,
    });

    // Scroll-back reaches the start of the room.
    const request = { accountId: bob.account.id, peer: room, limit: 40 };
    let page = await bob.h.call('messages.page', { ...request, before: null });
    const seen = [...page.messages];
    for (let i = 0; i < 10 && !page.complete; i++) {
      page = await bob.h.call('messages.page', { ...request, before: seen[0]?.id ?? null });
      seen.unshift(...page.messages);
    }
    expect(seen.map((m) => m.body)).toEqual(Array.from({ length: total }, (_, i) => `m${i}`));

    // Leave, miss some, rejoin: the catch-up brings exactly the missed ones.
    await bob.h.call('rooms.leave', { accountId: bob.account.id, room });
    for (let i = 0; i < 5; i++) {
      await ann.h.call('messages.send', {
        accountId: ann.account.id,
        peer: room,
        body: `late${i}`,
      });
    }
    await eventually(() => ann.h.store.messages.count(ann.account.id, room) === total + 5);
    await bob.h.call('rooms.join', {
      accountId: bob.account.id,
      room,
      nick: 'Bob',
      password: null,
    });
    await eventually(() => bob.h.store.messages.count(bob.account.id, room) === total + 5);
    await new Promise((r) => setTimeout(r, 300));
    const bodies = roomBodies(bob, room);
    expect(bodies.slice(-5)).toEqual(['late0', 'late1', 'late2', 'late3', 'late4']);
    expect(new Set(bodies).size).toBe(bodies.length);
  });
  it('starts again from the newest page when the room archive no longer knows our cursor', async () => {
    const ann = await loginOn(server, opened, (await user('hxa')).local);
    const bob = await loginOn(server, opened, (await user('hxb')).local);
    const room = roomJid('expired');
    await ann.h.call('rooms.create', { accountId: ann.account.id, room, nick: 'Ann' });
    const say = (body: string) =>
      ann.h.call('messages.send', { accountId: ann.account.id, peer: room, body });
    await say('first');
    const join = () =>
      bob.h.call('rooms.join', { accountId: bob.account.id, room, nick: 'Bob', password: null });
    await join();
    await eventually(() => roomBodies(bob, room).includes('first'));
    await bob.h.call('rooms.leave', { accountId: bob.account.id, room });
    // The archive expired the message our cursor names (Prosody keeps a week by default).
    bob.h.store.rooms.update(bob.account.id, room, { mamLastStanzaId: 'expired-archive-id' });
    await say('while away');
    await eventually(() => ann.h.store.messages.count(ann.account.id, room) === 2);
    await join();
    await eventually(() => roomBodies(bob, room).includes('while away'), 10_000);
    expect(roomBodies(bob, room)).toEqual(['first', 'while away']);
    expect(bob.h.store.rooms.get(bob.account.id, room)?.mamLastStanzaId).not.toBe(
      'expired-archive-id',
    );
  });
});

describe('bookmarks', () => {
  it('autojoins a bookmark set by another client, live and at the next login', async () => {
    const { local } = await user('bkm');
    const owner = await loginOn(server, opened, (await user('bko')).local);
    const room = roomJid('bookmarked');
    await owner.h.call('rooms.create', { accountId: owner.account.id, room, nick: 'Owner' });

    const desktop = await loginOn(server, opened, local);
    const laptopHarness = startHarness({ caPem: server.caPem });
    opened.push(laptopHarness);
    const laptopSynced = laptopHarness.waitFor('history.progress', (p) => p.done);
    const laptop = await loginOn(server, opened, local, laptopHarness);
    // PEP notifications reach a client once the server has learnt its +notify interest from
    // its caps (it asks the client for them after the presence): let the login settle first.
    await laptopSynced;
    await new Promise((r) => setTimeout(r, 500));
    await desktop.h.call('rooms.join', {
      accountId: desktop.account.id,
      room,
      nick: 'Me',
      password: null,
    });
    const autojoined = laptop.h.waitFor(
      'room.changed',
      (r) => r.jid === room && r.state === 'joined',
    );
    const view = await desktop.h.call('rooms.bookmark', {
      accountId: desktop.account.id,
      room,
      bookmarked: true,
      autojoin: true,
    });
    expect(view).toMatchObject({ bookmarked: true, autojoin: true });
    // The other client hears of it through PEP and joins with the bookmark's nick.
    expect(await autojoined).toMatchObject({ bookmarked: true, autojoin: true, nick: 'Me' });

    // A third device logs in later: the bookmark list brings the room and joins it.
    const fresh = startHarness({ caPem: server.caPem });
    opened.push(fresh);
    const joinedAtLogin = fresh.waitFor(
      'room.changed',
      (r) => r.jid === room && r.state === 'joined',
    );
    await loginOn(server, opened, local, fresh);
    await joinedAtLogin;

    // Unbookmarked on one: the others see it unmarked.
    await laptop.h.call('rooms.bookmark', {
      accountId: laptop.account.id,
      room,
      bookmarked: false,
    });
    await eventually(async () => {
      const r = (await desktop.h.call('rooms.list', {})).find((x) => x.jid === room);
      return r && !r.bookmarked;
    });
  });
});

describe("other clients' bookmark data", () => {
  it('keeps their <extensions/> when Parley publishes the bookmark again', async () => {
    const { local } = await user('bkx');
    const owner = await loginOn(server, opened, (await user('bxo')).local);
    const room = roomJid('extended');
    await owner.h.call('rooms.create', { accountId: owner.account.id, room, nick: 'Owner' });
    // Another client of the same account bookmarks the room with its own extension.
    const other = await testClient(server, local, `${local}-pw`);
    try {
      const extensions =
        '<extensions xmlns="urn:xmpp:bookmarks:1"><state xmlns="urn:example:client" pinned="true"/></extensions>';
      await other.iqCaller.request(
        buildBookmarkPublish({
          jid: room,
          name: 'Extended',
          autojoin: true,
          nick: 'Me',
          password: null,
          extensions,
        }),
      );
      const parley = startHarness({ caPem: server.caPem });
      opened.push(parley);
      const joined = parley.waitFor('room.changed', (r) => r.jid === room && r.state === 'joined');
      const me = await loginOn(server, opened, local, parley);
      await joined;
      // Parley changes the bookmark (autojoin off): the other client's extension is still there.
      await me.h.call('rooms.bookmark', {
        accountId: me.account.id,
        room,
        bookmarked: true,
        autojoin: false,
      });
      const [stored] = parseBookmarkItems(await other.iqCaller.request(buildBookmarksFetch()));
      expect(stored).toMatchObject({ jid: room, autojoin: false, nick: 'Me' });
      expect(stored?.extensions).toContain('urn:example:client');
      expect(stored?.extensions).toContain('pinned="true"');
    } finally {
      await other.stop();
    }
  });
});

describe('staying joined', () => {
  it('rejoins every room after a connection cut that the server did not keep', async () => {
    const relay = await startProxy(server.c2sPort);
    try {
      const owner = await loginOn(server, opened, (await user('rjo')).local);
      const rooms = [roomJid('stay'), roomJid('stay')];
      for (const room of rooms) {
        await owner.h.call('rooms.create', { accountId: owner.account.id, room, nick: 'Owner' });
      }
      const member = await loginOn(
        server,
        opened,
        (await user('rjm')).local,
        undefined,
        relay.port,
      );
      for (const room of rooms) {
        await member.h.call('rooms.join', {
          accountId: member.account.id,
          room,
          nick: 'M',
          password: null,
        });
      }
      const left = rooms.map((room) =>
        owner.h.waitFor(
          'room.notice',
          (e) => e.room === room && e.kind === 'leave' && e.nick === 'M',
          30_000,
        ),
      );
      const back = rooms.map((room) =>
        owner.h.waitFor(
          'room.notice',
          (e) => e.room === room && e.kind === 'join' && e.nick === 'M',
          30_000,
        ),
      );
      relay.outage(2_500);
      await Promise.all(left);
      // Said while the member was away: reaches it through the room archive after the rejoin.
      await owner.h.call('messages.send', {
        accountId: owner.account.id,
        peer: rooms[0]!,
        body: 'while you were out',
      });
      await Promise.all(back);
      for (const room of rooms) {
        await eventually(async () => {
          const r = (await member.h.call('rooms.list', {})).find((x) => x.jid === room);
          return r?.state === 'joined' && r.occupantCount === 2;
        });
      }
      await eventually(() => roomBodies(member, rooms[0]!).includes('while you were out'));
    } finally {
      await relay.close();
    }
  });

  it('self-pings a quiet room and stays put while the room still knows us', async () => {
    const owner = await loginOn(server, opened, (await user('spo')).local);
    const room = roomJid('quiet');
    await owner.h.call('rooms.create', { accountId: owner.account.id, room, nick: 'Owner' });
    const h = startHarness({ caPem: server.caPem, roomSelfPingMs: 300 });
    opened.push(h);
    const member = await loginOn(server, opened, (await user('spm')).local, h);
    await member.h.call('rooms.join', {
      accountId: member.account.id,
      room,
      nick: 'M',
      password: null,
    });
    await new Promise((r) => setTimeout(r, 200)); // The join's own coalesced updates.
    const before = member.h.events.filter((e) => e.name === 'room.changed').length;
    await new Promise((r) => setTimeout(r, 1_500));
    // Pinged several times, answered "joined": no rejoin, no state change.
    const changes = member.h.events.filter((e) => e.name === 'room.changed').slice(before);
    expect(changes).toEqual([]);
    expect((await member.h.call('rooms.list', {}))[0]).toMatchObject({ state: 'joined' });
  });
});

describe('bookmarks on a server without XEP-0402', () => {
  it('keeps them in private storage (XEP-0048) and autojoins them at the next login', async () => {
    // No PEP at all: the only place for bookmarks is XEP-0049 private XML storage.
    const old = await startProsody({
      withoutModules: ['pep', 'bookmarks'],
      users: [
        { local: 'olga', password: 'olga-pw' },
        { local: 'otto', password: 'otto-pw' },
      ],
    });
    const devices: Harness[] = [];
    try {
      const room = `legacy@${old.mucDomain}`;
      const owner = await loginOn(old, devices, 'otto');
      await owner.h.call('rooms.create', { accountId: owner.account.id, room, nick: 'Otto' });
      const first = await loginOn(old, devices, 'olga');
      await first.h.call('rooms.join', {
        accountId: first.account.id,
        room,
        nick: 'Olga',
        password: null,
      });
      const marked = await first.h.call('rooms.bookmark', {
        accountId: first.account.id,
        room,
        bookmarked: true,
        autojoin: true,
      });
      expect(marked).toMatchObject({ bookmarked: true, autojoin: true });

      const fresh = startHarness({ caPem: old.caPem });
      devices.push(fresh);
      const joined = fresh.waitFor('room.changed', (r) => r.jid === room && r.state === 'joined');
      await loginOn(old, devices, 'olga', fresh);
      expect(await joined).toMatchObject({ bookmarked: true, autojoin: true, nick: 'Olga' });

      // Removing it rewrites the stored list without it.
      await first.h.call('rooms.bookmark', {
        accountId: first.account.id,
        room,
        bookmarked: false,
      });
      const later = startHarness({ caPem: old.caPem });
      devices.push(later);
      const synced = later.waitFor('history.progress', (p) => p.done);
      await loginOn(old, devices, 'olga', later);
      await synced;
      await new Promise((r) => setTimeout(r, 500));
      expect((await later.call('rooms.list', {})).some((r) => r.jid === room)).toBe(false);
    } finally {
      await Promise.all(devices.map((h) => h.close(true)));
      await old.stop();
    }
  });
});
