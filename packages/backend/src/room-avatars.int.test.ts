// Room avatars (XEP-0486) over a real Prosody with mod_vcard_muc and the real encrypted store:
// an owner sets and removes the room's avatar from Parley, members see it, others are refused,
// and the hash Prosody puts in the room's disco#info is read.
import { startProsody, testClient, type TestServer } from '@parley/testkit';
import { buildDiscoInfoQuery, parseDiscoInfo, parseRoomInfo } from '@parley/xmpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, type Device } from './test-support/accounts.js';
import { sha1, solidPng } from './test-support/avatar-png.js';
import { eventually, type Harness } from './test-support/harness.js';

let server: TestServer;
const opened: Harness[] = [];

async function shown(device: Device, jid: string): Promise<string | null> {
  const { avatars } = await device.h.call('avatars.list', { accountId: device.account.id });
  return avatars.find((a) => a.jid === jid)?.hash ?? null;
}

function setRoomAvatar(device: Device, room: string, png: Buffer) {
  return device.h.raw('avatars.room.set', {
    accountId: device.account.id,
    room,
    mime: 'image/png',
    base64: png.toString('base64'),
  });
}

/** The room's disco#info as Prosody answers it, read by our parser. */
async function discoHash(room: string): Promise<string | '' | null> {
  const raw = await testClient(server, 'olga', 'olga-pw');
  try {
    const info = parseDiscoInfo(await raw.iqCaller.request(buildDiscoInfoQuery(room)));
    return info ? parseRoomInfo(info).avatarHash : null;
  } finally {
    await raw.stop();
  }
}

beforeAll(async () => {
  server = await startProsody({ mucVcard: true });
  for (const name of ['olga', 'mia']) await server.createUser(name, `${name}-pw`);
}, 60_000);
afterAll(async () => {
  await Promise.all(opened.map((h) => h.close(true)));
  await server?.stop();
}, 30_000);

describe('room avatars set by an owner (XEP-0486)', () => {
  it('an owner sets it and a member sees it; a member is refused in words; removal reaches all', async () => {
    const olga = await login(server, opened, 'olga');
    const mia = await login(server, opened, 'mia');
    const room = `gallery@conference.${server.domain}`;
    await olga.h.call('rooms.create', { accountId: olga.account.id, room, nick: 'Olga' });
    await mia.h.call('rooms.join', {
      accountId: mia.account.id,
      room,
      nick: 'Mia',
      password: null,
    });
    expect(await discoHash(room)).toBe('');

    const teal = solidPng(40, [10, 150, 150]);
    const set = await setRoomAvatar(olga, room, teal);
    expect(set).toEqual({ ok: true, value: { hash: sha1(teal) } });
    // The owner's own client shows it at once; the member's learns it from the room.
    expect(await shown(olga, room)).toBe(sha1(teal));
    await eventually(async () => (await shown(mia, room)) === sha1(teal));
    const image = await mia.h.call('avatars.image', { hash: sha1(teal) });
    expect(Buffer.from(image.base64, 'base64')).toEqual(teal);
    // Prosody 0.12 names the hash in disco#info under mod_vcard_muc's own field; we read it.
    expect(await discoHash(room)).toBe(sha1(teal));

    // A member is no owner: the room refuses, and the user is told why.
    const refused = await setRoomAvatar(mia, room, solidPng(12, [200, 0, 0]));
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'failed', message: expect.stringMatching(/only the room.s owners/i) },
    });
    expect(await shown(mia, room)).toBe(sha1(teal));

    // Removed by the owner: everyone is back to the room's initials.
    const removed = await olga.h.raw('avatars.room.remove', { accountId: olga.account.id, room });
    expect(removed).toEqual({ ok: true, value: { ok: true } });
    expect(await shown(olga, room)).toBeNull();
    await eventually(async () => (await shown(mia, room)) === null);
    expect(await discoHash(room)).toBe('');
  }, 90_000);

  it('refuses a room the account does not know, and an image that is not one', async () => {
    const olga = await login(server, opened, 'olga');
    const unknown = await setRoomAvatar(
      olga,
      `nowhere@conference.${server.domain}`,
      solidPng(8, [1, 1, 1]),
    );
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const room = `plain@conference.${server.domain}`;
    await olga.h.call('rooms.create', { accountId: olga.account.id, room, nick: 'Olga' });
    const notImage = await olga.h.raw('avatars.room.set', {
      accountId: olga.account.id,
      room,
      mime: 'image/png',
      base64: Buffer.from('<svg/>').toString('base64'),
    });
    expect(notImage).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
  }, 60_000);
});
