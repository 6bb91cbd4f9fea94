import { resolve } from 'node:path';
import { expect, test } from './fixtures.js';
import { createRoom, startProsody, testClient } from '@parley/testkit';
import { xml } from '@parley/xmpp';
import { expectAccessible } from './axe.js';
import { addAccount, befriend, png, shots, startHost, useTwoDevices } from './support.js';

const env = useTwoDevices();

test('set an avatar, crop it, see it on the other side; remove it', async ({ browser }) => {
  const page = async () =>
    (await browser.newContext({ viewport: { width: 1200, height: 780 } })).newPage();
  const alice = await page();
  const bob = await page();
  await alice.goto(env.alice.url);
  await bob.goto(env.bob.url);
  await addAccount(alice, env.server, 'alice', 'alice-pw');
  await addAccount(bob, env.server, 'bob', 'bob-pw');
  await befriend(env.server, alice, bob);
  const aliceJid = `alice@${env.server.domain}`;

  // Alice opens the avatar dialog from her account header: initials and a drop zone.
  await alice.getByTestId('own-avatar').click();
  const dialog = alice.getByTestId('avatar-dialog');
  await expect(dialog).toBeVisible();
  await expect(alice.getByTestId('avatar-save')).toBeDisabled();
  await expectAccessible(alice, '[data-testid="avatar-dialog"]');
  await alice.screenshot({ path: resolve(shots, 'avatar-dialog-empty.png') });

  // She picks a wide picture; the crop shows a square of it, which she zooms and drags.
  await alice.getByTestId('avatar-file').setInputFiles({
    name: 'me.png',
    mimeType: 'image/png',
    buffer: png(320),
  });
  const crop = alice.getByTestId('avatar-crop');
  await expect(crop).toBeVisible();
  await alice.getByTestId('avatar-zoom').fill('1.5');
  const box = (await crop.boundingBox())!;
  await alice.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await alice.mouse.down();
  await alice.mouse.move(box.x + box.width / 2 + 30, box.y + box.height / 2 + 20, { steps: 4 });
  await alice.mouse.up();
  await expectAccessible(alice, '[data-testid="avatar-dialog"]');
  await alice.screenshot({ path: resolve(shots, 'avatar-dialog-crop.png') });
  await alice.getByTestId('avatar-save').click();
  await expect(dialog).toBeHidden();

  // Her own header shows it; Bob sees it in his contact list and in the chat header.
  const ownAvatar = alice.locator('.account-header .avatar[data-avatar-hash]');
  await expect(ownAvatar).toHaveCount(1);
  const hash = await ownAvatar.getAttribute('data-avatar-hash');
  expect(hash).toMatch(/^[0-9a-f]{40}$/);
  const inContacts = bob.getByTestId(`contact-${aliceJid}`).locator('.avatar');
  await expect(inContacts).toHaveAttribute('data-avatar-hash', hash!);
  await bob.getByTestId(`contact-${aliceJid}`).click();
  await expect(bob.getByTestId('chat-header').locator('.avatar')).toHaveAttribute(
    'data-avatar-hash',
    hash!,
  );
  await bob.screenshot({ path: resolve(shots, 'avatar-on-the-other-side.png') });
  await alice.screenshot({ path: resolve(shots, 'avatar-own-header.png') });

  // Removed: both sides are back to the initials.
  await alice.getByTestId('own-avatar').click();
  await expect(dialog.locator('.avatar[data-avatar-hash]')).toHaveCount(1);
  await expectAccessible(alice, '[data-testid="avatar-dialog"]');
  await alice.screenshot({ path: resolve(shots, 'avatar-dialog-current.png') });
  await alice.getByTestId('avatar-remove').click();
  await expect(dialog).toBeHidden();
  await expect(alice.locator('.account-header .avatar[data-avatar-hash]')).toHaveCount(0);
  await expect(bob.getByTestId('chat-header').locator('.avatar')).not.toHaveAttribute(
    'data-avatar-hash',
    /./,
  );
  await bob.getByTestId('tab-contacts').click();
  await expect(inContacts).toBeVisible();
  await expect(inContacts).not.toHaveAttribute('data-avatar-hash', /./);
});

test('a room’s avatar shows in the conversation list and the room header', async ({ browser }) => {
  // Its own server: rooms with vCards (mod_vcard_muc).
  const server = await startProsody({
    users: [
      { local: 'carol', password: 'carol-pw' },
      { local: 'owner', password: 'owner-pw' },
    ],
    mucVcard: true,
  });
  const host = await startHost(server.caPem);
  try {
    const room = `gallery@conference.${server.domain}`;
    const owner = await testClient(server, 'owner', 'owner-pw');
    await createRoom(owner, room, 'boss');
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
            xml('BINVAL', {}, png(96).toString('base64')),
          ),
        ),
      ),
    );
    const carol = await (
      await browser.newContext({ viewport: { width: 1200, height: 780 } })
    ).newPage();
    await carol.goto(host.url);
    await addAccount(carol, server, 'carol', 'carol-pw');
    await carol.getByTestId('join-room').click();
    await carol.getByTestId('join-room-address').fill(room);
    await carol.getByTestId('join-room-nick').fill('Carol');
    await carol.getByTestId('join-room-submit').click();
    await expect(carol.getByTestId('room-header')).toHaveAttribute('data-state', 'joined');
    await expect(carol.getByTestId('room-header').locator('.avatar')).toHaveAttribute(
      'data-avatar-hash',
      /^[0-9a-f]{40}$/,
    );
    await expect(carol.getByTestId(`conversation-${room}`).locator('.avatar')).toHaveAttribute(
      'data-avatar-hash',
      /^[0-9a-f]{40}$/,
    );
    await carol.screenshot({ path: resolve(shots, 'avatar-room.png') });
    await owner.stop();
  } finally {
    await host.stop();
    await server.stop();
  }
});
