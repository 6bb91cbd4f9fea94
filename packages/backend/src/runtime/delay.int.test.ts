import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProsody, testClient, type TestClient, type TestServer } from '@parley/testkit';
import { xml } from '@parley/xmpp';
import { login, type Device } from '../test-support/accounts.js';
import { eventually, type Harness } from '../test-support/harness.js';

let server: TestServer;
let zed: TestClient | null = null;
const opened: Harness[] = [];

beforeAll(async () => {
  server = await startProsody();
  for (const local of ['ann', 'zed']) await server.createUser(local, `${local}-pw`);
});
afterAll(async () => {
  await zed?.stop().catch(() => {});
  await Promise.all(opened.map((h) => h.close(true)));
  await server?.stop();
});

const delay = (stamp: string, from: string) =>
  xml('delay', { xmlns: 'urn:xmpp:delay', stamp, from });

describe('the sender does not choose the time', () => {
  it("ignores a sender's delay in a chat and an occupant's in a room, where it counts as new", async () => {
    const ann: Device = await login(server, opened, 'ann');
    zed = await testClient(server, 'zed', 'zed-pw');
    const before = Date.now();

    // One-to-one: dated 2099 "by our server", 2001 "by our own account".
    for (const [body, stamp, from] of [
      ['from 2099', '2099-01-01T00:00:00Z', server.domain],
      ['from 2001', '2001-01-01T00:00:00Z', ann.account.jid],
    ] as const) {
      await zed.send(
        xml(
          'message',
          { to: ann.account.jid, type: 'chat' },
          xml('body', {}, body),
          delay(stamp, from),
        ),
      );
    }
    const peer = `zed@${server.domain}`;
    await eventually(() => ann.h.store.messages.count(ann.account.id, peer) === 2);
    const chat = ann.h.store.messages.page(ann.account.id, peer, { beforeId: null, limit: 10 });
    for (const m of chat.messages) {
      expect(m.timestamp).toBeGreaterThanOrEqual(before);
      expect(m.timestamp).toBeLessThanOrEqual(Date.now());
    }

    // A room: an occupant's message dated 2001 "by the room", naming ann. (Prosody 0.12 does
    // not pass an occupant's <delay> on; a service that does is covered by room-messages.test.)
    const room = `dates@${server.mucDomain}`;
    await ann.h.call('rooms.create', { accountId: ann.account.id, room, nick: 'Ann' });
    // Zed joins; a join that races the room's creation is refused by the server, so it is
    // asked again (at most 5 times) until Ann sees Zed in the room.
    let joined = false;
    for (let attempt = 0; attempt < 5 && !joined; attempt++) {
      const seen = ann.h.waitFor(
        'room.occupants',
        (e) => e.upserted.some((o) => o.nick === 'Zed'),
        3_000,
      );
      await zed.send(
        xml(
          'presence',
          { to: `${room}/Zed` },
          xml('x', { xmlns: 'http://jabber.org/protocol/muc' }),
        ),
      );
      joined = await seen.then(
        () => true,
        () => false,
      );
    }
    expect(joined).toBe(true);
    await zed.send(
      xml(
        'message',
        { to: room, type: 'groupchat' },
        xml('body', {}, 'Ann: look here'),
        delay('2001-01-01T00:00:00Z', room),
      ),
    );
    await eventually(() => ann.h.store.messages.count(ann.account.id, room) === 1);
    const [said] = ann.h.store.messages.page(ann.account.id, room, {
      beforeId: null,
      limit: 1,
    }).messages;
    expect(said?.timestamp).toBeGreaterThanOrEqual(before);
    expect(ann.h.store.conversations.get(ann.account.id, room)).toMatchObject({
      unread: 1,
      mentions: 1,
    });
  });
});
