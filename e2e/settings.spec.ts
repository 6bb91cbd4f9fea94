import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { expect, test } from './fixtures.js';
import { expectAccessible } from './axe.js';
import { addAccount, shots, useTwoDevices } from './support.js';

const env = useTwoDevices();

test('settings: theme, send on Enter; create a private group chat; failed joins do not linger', async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(env.alice.url);
  await addAccount(page, env.server, 'alice', 'alice-pw');

  // The gear opens Settings, with its sections.
  await page.getByTestId('open-settings').click();
  const dialog = page.getByTestId('settings-dialog');
  await expect(dialog.getByRole('tab')).toHaveText([
    'General',
    'Notifications',
    'Files',
    'Chats',
    'Encryption',
    'Accounts',
  ]);
  await expectAccessible(page, '[data-testid="settings-dialog"]');
  await page.screenshot({ path: resolve(shots, 'settings-general.png') });

  // Dark: the page's colours change at once (and stay after a reload: stored).
  const background = () =>
    page.evaluate(() => getComputedStyle(document.body.parentElement!).backgroundColor);
  const light = await background();
  await dialog.getByTestId('theme-dark').check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect.poll(background).not.toBe(light);
  expect(await background()).toBe('rgb(26, 28, 32)');
  await expectAccessible(page, '[data-testid="settings-dialog"]');
  await page.screenshot({ path: resolve(shots, 'settings-dark.png') });
  for (const tab of ['notifications', 'files', 'chats', 'encryption', 'accounts']) {
    await dialog.getByTestId(`settings-tab-${tab}`).click();
    await expect(dialog.getByTestId(`settings-section-${tab}`)).toBeVisible();
  }
  await dialog.getByTestId('settings-tab-files').click();
  await page.screenshot({ path: resolve(shots, 'settings-files-dark.png') });
  await dialog.getByTestId('settings-tab-chats').click();
  await page.screenshot({ path: resolve(shots, 'settings-chats-dark.png') });

  // Send with Ctrl+Enter instead of Enter.
  await dialog.getByTestId('settings-tab-general').click();
  await dialog.getByTestId('send-on-enter').uncheck();
  await expect(dialog.getByText('Saved.')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // Create a private group chat from the rooms toolbar.
  await page.getByTestId('create-room').click();
  const create = page.getByTestId('create-room-dialog');
  await create.getByTestId('create-room-name').fill('Book Club');
  const room = `book-club@${env.server.mucDomain}`;
  await expect(create.getByTestId('create-room-address')).toHaveValue(room);
  await expect(create.getByTestId('create-room-availability')).toHaveAttribute(
    'data-availability',
    'free',
  );
  await expect(create.getByTestId('create-room-private')).toBeChecked();
  await expectAccessible(page, '[data-testid="create-room-dialog"]');
  await page.screenshot({ path: resolve(shots, 'create-room-dark.png') });
  await create.getByTestId('create-room-submit').click();
  await expect(create).toBeHidden();
  await expect(page.getByTestId('room-header')).toHaveAttribute('data-state', 'joined');
  await expect(page.getByTestId('room-bookmark')).toHaveAttribute('aria-pressed', 'true');

  // Its configuration is the private kind: members only, addresses visible to members.
  await page.getByTestId('room-menu').click();
  await page.getByTestId('room-menu-configure').click();
  const config = page.getByTestId('room-config-dialog');
  await expect(config.getByTestId('config-field-muc#roomconfig_membersonly')).toBeChecked();
  await expect(config.getByTestId('config-field-muc#roomconfig_publicroom')).not.toBeChecked();
  await expect(config.getByTestId('config-field-muc#roomconfig_persistentroom')).toBeChecked();
  await expect(config.getByTestId('config-field-muc#roomconfig_whois')).toHaveValue('anyone');
  await page.keyboard.press('Escape');
  await expect(config).toBeHidden();

  // Enter starts a new line now; Ctrl+Enter sends.
  const composer = page.getByTestId('composer');
  await composer.fill('first line');
  await composer.press('Enter');
  await composer.pressSequentially('second line');
  await expect(composer).toHaveValue('first line\nsecond line');
  await composer.press('Control+Enter');
  await expect(composer).toHaveValue('');
  await expect(page.getByTestId('message').last()).toContainText('second line');

  // Link previews on: our own message's link gets a card (the page served here, on loopback).
  const web = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      '<head><meta property="og:title" content="Reading list for May">' +
        '<meta property="og:description" content="Six novels and a cookbook">' +
        '<meta property="og:site_name" content="Book Club wiki"></head>',
    );
  });
  await new Promise<void>((done) => web.listen(0, '127.0.0.1', done));
  const { port } = web.address() as AddressInfo;
  await page.getByTestId('open-settings').click();
  await dialog.getByTestId('settings-tab-chats').click();
  await dialog.getByTestId('link-previews').check();
  await expect(dialog.getByText('Saved.')).toBeVisible();
  await page.keyboard.press('Escape');
  await composer.fill(`The list: http://127.0.0.1:${port}/may`);
  await composer.press('Control+Enter');
  const card = page.getByTestId('message').last().getByTestId('link-preview');
  await expect(card).toContainText('Reading list for May');
  await expect(card).toContainText('Book Club wiki');
  await page.screenshot({ path: resolve(shots, 'link-preview-dark.png') });
  web.close();

  // A join that fails is told once, in the dialog; its row is gone once the dialog is.
  const nowhere = `nowhere@${env.server.mucDomain}`;
  await page.getByTestId('join-room').click();
  await page.getByTestId('join-room-address').fill(nowhere);
  await page.getByTestId('join-room-submit').click();
  await expect(page.getByTestId('join-room-error')).toHaveAttribute('data-code', 'not-found');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('join-room-dialog')).toBeHidden();
  await expect(page.getByTestId(`conversation-${nowhere}`)).toHaveCount(0);
  await expect(page.getByTestId(`conversation-${room}`)).toHaveCount(1);

  // Stored: after a reload the page is dark again from the start.
  await page.reload();
  await expect(page.getByTestId('account-state')).toHaveAttribute('data-state', 'online');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByTestId(`conversation-${nowhere}`)).toHaveCount(0);
  await page.screenshot({ path: resolve(shots, 'settings-dark-app.png') });
});
