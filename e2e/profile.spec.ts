import { resolve } from 'node:path';
import { expect, test } from './fixtures.js';
import { expectAccessible } from './axe.js';
import { addAccount, befriend, shots, useTwoDevices } from './support.js';

const env = useTwoDevices();

test('a profile edited on one computer is seen in the contact details on the other', async ({
  browser,
}) => {
  const open = async (url: string) => {
    const page = await (
      await browser.newContext({ viewport: { width: 1200, height: 900 } })
    ).newPage();
    await page.goto(url);
    await expect(page.getByRole('heading', { name: 'Add an account' })).toBeVisible();
    return page;
  };
  const alice = await open(env.alice.url);
  const bob = await open(env.bob.url);
  await addAccount(alice, env.server, 'alice', 'alice-pw');
  await addAccount(bob, env.server, 'bob', 'bob-pw');
  await befriend(env.server, alice, bob);
  const aliceJid = `alice@${env.server.domain}`;
  const bobJid = `bob@${env.server.domain}`;

  // Bob edits his profile from the account header.
  await bob.getByTestId('own-profile').click();
  const dialog = bob.getByTestId('profile-dialog');
  await expect(dialog.getByTestId('profile-input-fullName')).toBeVisible();
  await dialog.getByTestId('profile-input-fullName').fill('Robert Tables');
  await dialog.getByTestId('profile-input-nickname').fill('Bobby');
  await dialog.getByTestId('profile-input-email').fill('bob@example.org');
  await dialog.getByTestId('profile-input-organisation').fill('Little Bobby Ltd');
  await dialog.getByTestId('profile-input-note').fill('Drops tables on weekends.');
  await expectAccessible(bob, '[data-testid="profile-dialog"]');
  await bob.screenshot({ path: resolve(shots, 'profile-edit.png') });
  await dialog.getByTestId('profile-save').click();
  await expect(dialog).toBeHidden({ timeout: 15_000 });

  // Alice had no roster name for Bob: his published nick names him.
  const row = alice.getByTestId(`contact-${bobJid}`);
  await expect(row.locator('.contact-name')).toHaveText('Bobby', { timeout: 15_000 });

  await alice.getByTestId(`contact-menu-${bobJid}`).click();
  await alice.getByTestId('contact-action-details').click();
  const details = alice.getByTestId('contact-details');
  await expect(details.getByTestId('details-uri')).toHaveText(`xmpp:${bobJid}`);
  await expect(details.getByTestId('profile-fullName')).toHaveText('Robert Tables');
  await expect(details.getByTestId('profile-nickname')).toHaveText('Bobby');
  await expect(details.getByTestId('profile-email')).toHaveText('bob@example.org');
  await expect(details.getByTestId('profile-organisation')).toHaveText('Little Bobby Ltd');
  await expect(details.getByTestId('profile-note')).toHaveText('Drops tables on weekends.');
  await expect(details.getByTestId('resource-client')).toHaveText(/^Parley \d/, {
    timeout: 15_000,
  });
  await expect(details.getByTestId('resource-time')).toHaveText(/^\d\d:\d\d \(UTC[+−]\d\d:\d\d\)$/);
  await expect(details.getByTestId('subscription-words')).toHaveText(/each other/);

  // Groups are edited here, through the roster.
  await details.getByTestId('details-groups-input').fill('Friends, Work');
  await details.getByTestId('details-groups-save').click();
  await expect(details.getByText('Saved')).toBeVisible();
  await expectAccessible(alice, '[data-testid="contact-details"]');
  await alice.screenshot({ path: resolve(shots, 'contact-details.png') });
  await alice.keyboard.press('Escape');
  await expect(details).toBeHidden();
  await expect(alice.getByTestId('roster-group-Friends')).toBeVisible();

  // From the chat header's name too: Bob sees Alice's (empty) profile without an error.
  await bob.getByTestId('tab-contacts').click();
  await bob.getByTestId(`contact-${aliceJid}`).locator('.contact-main').click();
  await bob.getByTestId('chat-title-details').click();
  await expect(bob.getByTestId('contact-details').getByText('No profile published.')).toBeVisible();
});
