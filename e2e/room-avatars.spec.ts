import { resolve } from 'node:path';
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { createRoom, startProsody, testClient } from '@parley/testkit';
import { xml } from '@parley/xmpp';
import { expectAccessible } from './axe.js';
import { addAccount, png, shots, startHost } from './support.js';

async function join(page: Page, room: string, nick: string): Promise<void> {
  await page.getByTestId('join-room').click();
  await page.getByTestId('join-room-address').fill(room);
  await page.getByTestId('join-room-nick').fill(nick);
  await page.getByTestId('join-room-submit').click();
  await expect(page.getByTestId('room-header')).toHaveAttribute('data-state', 'joined');
}

test('a room owner sets the room’s avatar; a member sees it in the list and the header', async ({
  browser,
}) => {
  // Rooms with vCards (mod_vcard_muc).
  const server = await startProsody({
    users: [
      { local: 'olga', password: 'olga-pw' },
      { local: 'mia', password: 'mia-pw' },
      { local: 'boss', password: 'boss-pw' },
    ],
    mucVcard: true,
  });
  const hosts = [await startHost(server.caPem), await startHost(server.caPem)];
  try {
    const room = `gallery@conference.${server.domain}`;
    // The room exists (its creator stays in it, or Prosody drops it), with Olga as an owner.
    const boss = await testClient(server, 'boss', 'boss-pw');
    await createRoom(boss, room, 'boss');
    await boss.iqCaller.request(
      xml(
        'iq',
        { type: 'set', to: room },
        xml(
          'query',
          { xmlns: 'http://jabber.org/protocol/muc#admin' },
          xml('item', { affiliation: 'owner', jid: `olga@${server.domain}` }),
        ),
      ),
    );

    const page = async (url: string) => {
      const p = await (
        await browser.newContext({ viewport: { width: 1200, height: 780 } })
      ).newPage();
      await p.goto(url);
      return p;
    };
    const olga = await page(hosts[0]!.url);
    const mia = await page(hosts[1]!.url);
    await addAccount(olga, server, 'olga', 'olga-pw');
    await addAccount(mia, server, 'mia', 'mia-pw');
    await join(olga, room, 'Olga');
    await join(mia, room, 'Mia');

    // A member is not offered the avatar.
    await mia.getByTestId('room-menu').click();
    await expect(mia.getByTestId('room-menu-leave')).toBeVisible();
    await expect(mia.getByTestId('room-menu-avatar')).toHaveCount(0);
    await mia.keyboard.press('Escape');

    // The owner picks a picture in the crop dialog and saves it.
    await olga.getByTestId('room-menu').click();
    await olga.getByTestId('room-menu-avatar').click();
    const dialog = olga.getByTestId('avatar-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('Room avatar');
    await olga.getByTestId('avatar-file').setInputFiles({
      name: 'room.png',
      mimeType: 'image/png',
      buffer: png(200),
    });
    await expect(olga.getByTestId('avatar-crop')).toBeVisible();
    await expectAccessible(olga, '[data-testid="avatar-dialog"]');
    await olga.screenshot({ path: resolve(shots, 'room-avatar-dialog.png') });
    await olga.getByTestId('avatar-save').click();
    await expect(dialog).toBeHidden();
    const header = olga.getByTestId('room-header').locator('.avatar');
    await expect(header).toHaveAttribute('data-avatar-hash', /^[0-9a-f]{40}$/);
    const hash = (await header.getAttribute('data-avatar-hash'))!;

    // The member sees the same picture in the conversation list and in the room header.
    await expect(mia.getByTestId('room-header').locator('.avatar')).toHaveAttribute(
      'data-avatar-hash',
      hash,
    );
    await expect(mia.getByTestId(`conversation-${room}`).locator('.avatar')).toHaveAttribute(
      'data-avatar-hash',
      hash,
    );
    await mia.screenshot({ path: resolve(shots, 'room-avatar-member.png') });

    // Removed by the owner: the member is back to the room's initials.
    await olga.getByTestId('room-menu').click();
    await olga.getByTestId('room-menu-avatar').click();
    await expect(dialog.locator('.avatar[data-avatar-hash]')).toHaveCount(1);
    await olga.getByTestId('avatar-remove').click();
    await expect(dialog).toBeHidden();
    await expect(mia.getByTestId('room-header').locator('.avatar')).not.toHaveAttribute(
      'data-avatar-hash',
      /./,
    );
    await boss.stop();
  } finally {
    for (const host of hosts) await host.stop();
    await server.stop();
  }
});
