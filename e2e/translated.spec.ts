import { resolve } from 'node:path';
import { type Locator, type Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { expectAccessible } from './axe.js';
import { addAccount, befriend, chooseLanguage, send, shots, useTwoDevices } from './support.js';

// The interface in German and in Arabic, chosen in Settings as a user does: the main window
// with a chat open, a group chat and the settings dialog, each looked at in a screenshot,
// checked with axe, and Arabic laid out right to left.

const env = useTwoDevices();

async function box(locator: Locator) {
  const b = await locator.boundingBox();
  if (!b) throw new Error('not laid out');
  return b;
}

async function shoot(page: Page, name: string, selector?: string): Promise<void> {
  await expectAccessible(page, selector);
  await page.screenshot({ path: resolve(shots, name) });
}

test('German and Arabic: chat, group chat and settings translated, Arabic right to left', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const open = async () =>
    (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  const alice = await open();
  const bob = await open();
  await alice.goto(env.alice.url);
  await bob.goto(env.bob.url);
  await addAccount(alice, env.server, 'alice', 'alice-pw');
  await addAccount(bob, env.server, 'bob', 'bob-pw');
  await befriend(env.server, alice, bob);
  const bobJid = `bob@${env.server.domain}`;
  await alice.getByTestId(`contact-${bobJid}`).click();
  await send(alice, 'Hallo Bob, wie geht es dir?');
  await bob.getByTestId('tab-chats').click();
  await bob.getByTestId(`conversation-alice@${env.server.domain}`).click();
  await send(bob, 'مرحبا Alice! Gut, danke.');
  await expect(alice.getByTestId('message').last()).toContainText('Gut, danke');

  // German, from the settings dialog.
  let dialog = await chooseLanguage(alice, 'de');
  await expect(dialog.getByRole('tab', { name: 'Allgemein' })).toBeVisible();
  await expect(dialog.getByText('Sprache', { exact: true })).toBeVisible();
  await expect(dialog.getByRole('tab', { name: 'Benachrichtigungen' })).toBeVisible();
  await expect(alice.locator('html')).toHaveAttribute('dir', 'ltr');
  await shoot(alice, 'translated-de-settings.png', '[data-testid="settings-dialog"]');
  await alice.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  // The chat with Bob in German.
  await expect(alice.getByTestId('tab-contacts')).toHaveText(/Kontakte/);
  await expect(alice.getByTestId('composer')).toHaveAttribute('placeholder', /bob/i);
  await expect(alice.getByTestId('composer-send')).toHaveAccessibleName('Senden');
  // The group chat buttons above the list keep their German words whole.
  for (const id of ['join-room', 'create-room', 'browse-rooms']) {
    const button = alice.getByTestId(id);
    expect(await button.evaluate((b) => b.scrollWidth <= b.clientWidth), id).toBe(true);
  }
  await shoot(alice, 'translated-de-chat.png');

  // A group chat in German: the join dialog, then the room with its members.
  await alice.getByTestId('join-room').click();
  await expect(alice.getByRole('dialog', { name: 'Gruppenchat betreten' })).toBeVisible();
  await alice.getByTestId('join-room-address').fill(`salon@${env.server.mucDomain}`);
  await alice.getByTestId('join-room-nick').fill('Alice');
  await alice.getByTestId('join-room-submit').click();
  await alice.getByTestId('join-room-create').click();
  await expect(alice.getByTestId('room-header')).toHaveAttribute('data-state', 'joined');
  await send(alice, '/topic Kaffeeklatsch');
  await send(alice, 'Willkommen im Raum!');
  const members = alice.getByTestId('occupant-list');
  if (!(await members.isVisible())) await alice.getByTestId('room-occupants-toggle').click();
  await expect(members).toBeVisible();
  await expect(members).toContainText('Alice');
  await expect(alice.getByTestId('room-notice').last()).toContainText(
    'hat das Thema festgelegt: Kaffeeklatsch',
  );
  await shoot(alice, 'translated-de-room.png');

  // Arabic: the page turns right to left, the sidebar moves to the right.
  dialog = await chooseLanguage(alice, 'ar');
  await expect(alice.locator('html')).toHaveAttribute('dir', 'rtl');
  expect(await alice.evaluate(() => document.documentElement.dir)).toBe('rtl');
  await expect(dialog.getByRole('tab', { name: 'عام' })).toBeVisible();
  await expect(dialog.getByText('اللغة', { exact: true })).toBeVisible();
  const close = await box(dialog.getByRole('button', { name: 'إغلاق' }).first());
  const title = await box(dialog.getByRole('heading').first());
  expect(close.x).toBeLessThan(title.x);
  await shoot(alice, 'translated-ar-settings.png', '[data-testid="settings-dialog"]');
  await alice.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  // The room in Arabic.
  await expect(members).toBeVisible();
  const sidebar = alice.locator('aside.sidebar');
  const main = alice.locator('main.main');
  expect((await box(sidebar)).x).toBeGreaterThan((await box(main)).x);
  await expect(alice.getByTestId('tab-contacts')).toHaveText(/جهات الاتصال/);
  // Notices made before the change are said again in Arabic.
  await expect(alice.getByTestId('room-notice').last()).toContainText('الموضوع: Kaffeeklatsch');
  await shoot(alice, 'translated-ar-room.png');

  // The chat in Arabic.
  await alice.getByTestId('tab-chats').click();
  await alice.getByTestId(`conversation-${bobJid}`).click();
  await expect(alice.getByTestId('composer-send')).toHaveAccessibleName('إرسال');
  expect((await box(sidebar)).x).toBeGreaterThan((await box(main)).x);
  await shoot(alice, 'translated-ar-chat.png');

  // The keyboard shortcuts sheet in Arabic: groups and descriptions from the shortcut table.
  await alice.getByTestId('open-shortcuts').click();
  const sheet = alice.getByTestId('shortcuts-sheet');
  await expect(sheet.getByRole('heading', { name: 'اختصارات لوحة المفاتيح' })).toBeVisible();
  await expect(sheet.getByTestId('shortcut-settings')).toContainText('فتح الإعدادات');
  // Key chords still read left to right: Ctrl, then the key.
  const caps = sheet.getByTestId('shortcut-search-all').locator('kbd');
  await expect(caps).toHaveText(['Ctrl', 'Shift', 'F']);
  expect((await box(caps.first())).x).toBeLessThan((await box(caps.last())).x);
  await shoot(alice, 'translated-ar-shortcuts.png', '[data-testid="shortcuts-sheet"]');
});
