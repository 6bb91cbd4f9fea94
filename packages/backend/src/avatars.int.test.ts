// Avatars over a real Prosody and the real encrypted store: PEP (XEP-0084) both ways between two
// Parley accounts, removal, the cache by hash, the vCard fallback (XEP-0153) and a room's vCard
// avatar (XEP-0486 as Prosody's mod_vcard_muc offers it).
import { startProsody, testClient, type TestServer } from '@parley/testkit';
import { xml } from '@parley/xmpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { befriend, login, type Device } from './test-support/accounts.js';
import { sha1, solidPng } from './test-support/avatar-png.js';
import { eventually, type Harness } from './test-support/harness.js';

const opened: Harness[] = [];

async function shown(device: Device, jid: string): Promise<string | null> {
  const { avatars } = await device.h.call('avatars.list', { accountId: device.account.id });
  return avatars.find((a) => a.jid === jid)?.hash ?? null;
}

async function imageOf(device: Device, hash: string): Promise<Buffer> {
  const image = await device.h.call('avatars.image', { hash });
  return Buffer.from(image.base64, 'base64');
}

function setAvatar(device: Device, png: Buffer) {
  return device.h.call('avatars.own.set', {
    accountId: device.account.id,
    mime: 'image/png',
    base64: png.toString('base64'),
  });
}

describe('avatars between Parley accounts (PEP)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startProsody();
    for (const name of ['ann', 'bob', 'dave']) await server.createUser(name, `${name}-pw`);
  }, 60_000);
  afterAll(async () => {
    for (const h of opened.splice(0)) await h.close(true);
    await server?.stop();
  }, 30_000);

  it('both ways, removal, and a known hash never fetched again', async () => {
    const ann = await login(server, opened, 'ann');
    const bob = await login(server, opened, 'bob');
    await befriend(ann, bob);

    const red = solidPng(48, [200, 30, 30]);
    const { hash } = await setAvatar(ann, red);
    expect(hash).toBe(sha1(red));
    // Our own account shows it at once; the contact gets it from the metadata notification.
    expect(await shown(ann, ann.account.jid)).toBe(hash);
    await eventually(async () => (await shown(bob, ann.account.jid)) === hash);
    expect(await imageOf(bob, hash)).toEqual(red);
    expect(bob.h.store.avatars.get(bob.account.id, ann.account.jid)?.source).toBe('pep');

    const blue = solidPng(32, [20, 40, 220]);
    const bobs = await setAvatar(bob, blue);
    await eventually(async () => (await shown(ann, bob.account.jid)) === bobs.hash);
    expect(await imageOf(ann, bobs.hash)).toEqual(blue);

    // The cache: delete ann's data item from her PEP service; a second account of bob's store
    // that meets ann can now only get the image from the cache, by its hash.
    const raw = await testClient(server, 'ann', 'ann-pw');
    await raw.iqCaller.request(
      xml(
        'iq',
        { type: 'set' },
        xml(
          'pubsub',
          { xmlns: 'http://jabber.org/protocol/pubsub' },
          xml('retract', { node: 'urn:xmpp:avatar:data' }, xml('item', { id: hash })),
        ),
      ),
    );
    await raw.stop();
    const dave = await login(server, opened, 'dave', bob.h);
    await befriend(ann, dave);
    await eventually(async () => (await shown(dave, ann.account.jid)) === hash);

    // Removed: everyone is back to the initials, and the image nobody shows leaves the store.
    await ann.h.call('avatars.own.remove', { accountId: ann.account.id });
    expect(await shown(ann, ann.account.jid)).toBeNull();
    await eventually(
      async () =>
        (await shown(bob, ann.account.jid)) === null &&
        (await shown(dave, ann.account.jid)) === null,
    );
    expect(bob.h.store.avatars.has(hash)).toBe(false);
    const gone = await bob.h.raw('avatars.image', { hash });
    expect(gone).toMatchObject({ ok: false, error: { code: 'not-found' } });
  }, 90_000);

  it('refuses our own avatar when it is not an image', async () => {
    const ann = await login(server, opened, 'ann');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>');
    const result = await ann.h.raw('avatars.own.set', {
      accountId: ann.account.id,
      mime: 'image/png',
      base64: svg.toString('base64'),
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
  }, 30_000);
});

describe('vCard photos and room avatars', () => {
  let server: TestServer;
  beforeAll(async () => {
    // mod_vcard (no PEP avatar made from a vCard photo) and room vCards.
    server = await startProsody({ plainVcardTemp: true, mucVcard: true });
    for (const name of ['cat', 'vic', 'owner']) await server.createUser(name, `${name}-pw`);
  }, 60_000);
  afterAll(async () => {
    for (const h of opened.splice(0)) await h.close(true);
    await server?.stop();
  }, 30_000);

  it('a contact with only a vCard photo shows it (XEP-0153)', async () => {
    const cat = await login(server, opened, 'cat');
    const vic = await login(server, opened, 'vic');
    await befriend(cat, vic);
    // vic's client is an old one: it sets a vCard photo and puts its hash in presence.
    const green = solidPng(24, [10, 180, 60]);
    const raw = await testClient(server, 'vic', 'vic-pw');
    await raw.iqCaller.request(
      xml(
        'iq',
        { type: 'set' },
        xml(
          'vCard',
          { xmlns: 'vcard-temp' },
          xml('FN', {}, 'Vic'),
          xml(
            'PHOTO',
            {},
            xml('TYPE', {}, 'image/png'),
            xml('BINVAL', {}, green.toString('base64')),
          ),
        ),
      ),
    );
    await raw.send(
      xml(
        'presence',
        {},
        xml('x', { xmlns: 'vcard-temp:x:update' }, xml('photo', {}, sha1(green))),
      ),
    );
    await eventually(async () => (await shown(cat, vic.account.jid)) === sha1(green));
    expect(await imageOf(cat, sha1(green))).toEqual(green);
    expect(cat.h.store.avatars.get(cat.account.id, vic.account.jid)?.source).toBe('vcard');
    // A hash whose photo does not match it is refused: what is shown stays.
    await raw.send(
      xml(
        'presence',
        {},
        xml('x', { xmlns: 'vcard-temp:x:update' }, xml('photo', {}, 'f'.repeat(40))),
      ),
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(await shown(cat, vic.account.jid)).toBe(sha1(green));
    expect(cat.h.store.avatars.has('f'.repeat(40))).toBe(false);
    await raw.stop();

    // Our own avatar reaches the vCard too, for clients like vic's.
    const red = solidPng(16, [250, 0, 0]);
    await setAvatar(cat, red);
    const reader = await testClient(server, 'vic', 'vic-pw');
    const answer = await reader.iqCaller.request(
      xml('iq', { type: 'get', to: cat.account.jid }, xml('vCard', { xmlns: 'vcard-temp' })),
    );
    const binval = answer.getChild('vCard')?.getChild('PHOTO')?.getChildText('BINVAL') ?? '';
    expect(Buffer.from(binval, 'base64')).toEqual(red);
    await reader.stop();
  }, 90_000);

  it('a room’s vCard avatar is shown for the room', async () => {
    const cat = await login(server, opened, 'cat');
    const room = `avatars@conference.${server.domain}`;
    const owner = await testClient(server, 'owner', 'owner-pw');
    const { createRoom } = await import('@parley/testkit');
    await createRoom(owner, room, 'boss');
    const purple = solidPng(20, [120, 20, 160]);
    await owner.iqCaller.request(
      xml(
        'iq',
        { type: 'set', to: room },
        xml(
          'vCard',
          { xmlns: 'vcard-temp' },
          xml(
            'PHOTO',
            {},
            xml('TYPE', {}, 'image/png'),
            xml('BINVAL', {}, purple.toString('base64')),
          ),
        ),
      ),
    );
    await cat.h.call('rooms.join', {
      accountId: cat.account.id,
      room,
      nick: 'cat',
      password: null,
    });
    await eventually(async () => (await shown(cat, room)) === sha1(purple));
    expect(await imageOf(cat, sha1(purple))).toEqual(purple);
    await owner.stop();
  }, 60_000);
});
