import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProsody, testClient, type TestServer } from '@parley/testkit';
import { buildBookmarksFetch, parseBookmarkItems } from '@parley/xmpp';
import { login as loginOn } from './test-support/accounts.js';
import type { Harness } from './test-support/harness.js';

let server: TestServer;
const opened: Harness[] = [];

beforeAll(async () => {
  server = await startProsody({});
  await server.createUser('owner', 'owner-pw');
  await server.createUser('reader', 'reader-pw');
});
afterAll(async () => {
  await Promise.all(opened.map((h) => h.close(true)));
  await server?.stop();
});

describe('renaming a room (F2)', () => {
  it("saves the name in the bookmark, shows it before the room's own, and keeps autojoin", async () => {
    const room = `club@${server.mucDomain}`;
    const owner = await loginOn(server, opened, 'owner');
    await owner.h.call('rooms.create', { accountId: owner.account.id, room, nick: 'Owner' });
    const me = await loginOn(server, opened, 'reader');
    await me.h.call('rooms.join', { accountId: me.account.id, room, nick: 'Me', password: null });
    const marked = await me.h.call('rooms.bookmark', {
      accountId: me.account.id,
      room,
      bookmarked: true,
      autojoin: false,
    });
    expect(marked).toMatchObject({ bookmarked: true, autojoin: false });

    const renamed = await me.h.call('rooms.bookmark', {
      accountId: me.account.id,
      room,
      bookmarked: true,
      autojoin: false,
      name: 'Book club',
    });
    expect(renamed).toMatchObject({ name: 'Book club', bookmarked: true, autojoin: false });
    const listed = (await me.h.call('rooms.list', {})).find((r) => r.jid === room);
    expect(listed?.name).toBe('Book club');

    // On the server, where the user's other clients read it.
    const other = await testClient(server, 'reader', 'reader-pw');
    try {
      const [stored] = parseBookmarkItems(await other.iqCaller.request(buildBookmarksFetch()));
      expect(stored).toMatchObject({ jid: room, name: 'Book club', autojoin: false, nick: 'Me' });
    } finally {
      await other.stop();
    }

    // Left out, the name stays: a bookmark change elsewhere does not undo the rename.
    const again = await me.h.call('rooms.bookmark', {
      accountId: me.account.id,
      room,
      bookmarked: true,
      autojoin: true,
    });
    expect(again).toMatchObject({ name: 'Book club', autojoin: true });
  });

  it('refuses a name longer than the contract allows, changing nothing', async () => {
    const me = await loginOn(server, opened, 'reader');
    const room = `club@${server.mucDomain}`;
    const result = await me.h.raw('rooms.bookmark', {
      accountId: me.account.id,
      room,
      bookmarked: true,
      autojoin: true,
      name: 'x'.repeat(1025),
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
  });
});
