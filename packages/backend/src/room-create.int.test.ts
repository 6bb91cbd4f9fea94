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

describe('creating a group chat', () => {
  it('checks the address is free, creates a private room as configured, and bookmarks it', async () => {
    const ann = await user('ann');
    const accountId = ann.account.id;
    const [service] = await ann.h.call('muc.services', { accountId });
    expect(service?.jid).toBe(server.mucDomain);
    const room = `book-club-${++n}@${server.mucDomain}`;
    expect(await ann.h.call('rooms.addressFree', { accountId, room })).toEqual({
      room,
      free: true,
    });
    // An address without a room name is no room address.
    await expect(
      ann.h.call('rooms.addressFree', { accountId, room: server.mucDomain }),
    ).rejects.toThrow(/invalid-payload/u);

    const created = await ann.h.call('rooms.create', {
      accountId,
      room,
      nick: 'Ann',
      instant: false,
    });
    expect(created).toMatchObject({ state: 'joined', ownAffiliation: 'owner' });
    const form = await ann.h.call('rooms.getConfig', { accountId, room });
    const values: Record<string, string[]> = {};
    for (const f of form.fields) if (f.var && f.type !== 'fixed') values[f.var] = f.values;
    Object.assign(values, {
      'muc#roomconfig_roomname': ['Book club'],
      'muc#roomconfig_publicroom': ['0'],
      'muc#roomconfig_membersonly': ['1'],
      'muc#roomconfig_persistentroom': ['1'],
      'muc#roomconfig_whois': ['anyone'],
    });
    await ann.h.call('rooms.submitConfig', { accountId, room, values });
    await ann.h.call('rooms.bookmark', { accountId, room, bookmarked: true, autojoin: true });

    // Taken now; and the room is what the private preset promises (the kind OMEMO needs).
    expect((await ann.h.call('rooms.addressFree', { accountId, room })).free).toBe(false);
    const listed = await eventually(async () => {
      const rooms = await ann.h.call('rooms.list', {});
      const r = rooms.find((x) => x.jid === room && x.accountId === accountId);
      return r?.features?.membersOnly ? r : undefined;
    });
    expect(listed).toMatchObject({
      name: 'Book club',
      bookmarked: true,
      autojoin: true,
      features: { membersOnly: true, nonAnonymous: true, persistent: true, public: false },
    });
  });
});
