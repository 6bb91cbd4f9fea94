import { resolve } from 'node:path';
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { expectAccessible } from './axe.js';
import { addAccount, send, shots, useTwoDevices } from './support.js';

const env = useTwoDevices();

async function addContact(page: Page, jid: string, name: string): Promise<void> {
  await page.getByTestId('tab-contacts').click();
  await page.getByTestId('add-contact-button').click();
  await page.getByTestId('add-contact-jid').fill(jid);
  await page.getByTestId('contact-name-input').fill(name);
  await page.getByTestId('contact-submit').click();
  await expect(page.getByTestId(`contact-${jid}`)).toBeVisible();
}

test('keyboard: switch conversations, Esc, arrows and Enter in lists, F2 rename, ? sheet', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const page = await (
    await browser.newContext({ viewport: { width: 1200, height: 780 } })
  ).newPage();
  await page.goto(env.alice.url);
  await addAccount(page, env.server, 'alice', 'alice-pw');
  const bob = `bob@${env.server.domain}`;
  const carol = `carol@${env.server.domain}`;
  await addContact(page, bob, 'Bob');
  await addContact(page, carol, 'Carol');
  await page.getByTestId(`contact-${bob}`).locator('.contact-main').click();
  await send(page, 'hello Bob');
  // Opening a chat shows the Chats tab.
  await page.getByTestId('tab-contacts').click();
  await page.getByTestId(`contact-${carol}`).locator('.contact-main').click();
  await send(page, 'hello Carol');
  const chat = page.getByTestId('chat-view');
  const composer = page.getByTestId('composer');
  await page.getByTestId('tab-chats').click();
  // Newest first: Carol, then Bob.
  await expect(page.locator('.conversation-list .conversation-item')).toHaveCount(2);
  await expect(page.locator('.conversation-list .conversation-item').first()).toHaveAttribute(
    'data-testid',
    `conversation-${carol}`,
  );

  // Ctrl+Tab / Alt+↓ go down the list (wrapping), Ctrl+Shift+Tab / Alt+↑ up; from the composer.
  await composer.focus();
  await page.keyboard.press('Control+Tab');
  await expect(chat).toHaveAttribute('data-peer', bob);
  await page.keyboard.press('Control+Tab');
  await expect(chat).toHaveAttribute('data-peer', carol);
  await page.keyboard.press('Alt+ArrowDown');
  await expect(chat).toHaveAttribute('data-peer', bob);
  await page.keyboard.press('Alt+ArrowUp');
  await expect(chat).toHaveAttribute('data-peer', carol);
  await page.keyboard.press('Control+Shift+Tab');
  await expect(chat).toHaveAttribute('data-peer', bob);
  await page.keyboard.press('Control+PageDown');
  await expect(chat).toHaveAttribute('data-peer', carol);

  // Esc closes the dialog a shortcut opened, and only that: the conversation stays.
  await page.keyboard.press('Control+Shift+J');
  await expect(page.getByTestId('join-room-dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('join-room-dialog')).toBeHidden();
  await expect(chat).toHaveAttribute('data-peer', carol);
  // With nothing open, Esc brings the focus back to the message field.
  await page.getByTestId('tab-chats').focus();
  await page.keyboard.press('Escape');
  await expect(composer).toBeFocused();

  // `?` in the message field is a question mark, not the sheet.
  await composer.fill('why');
  await page.keyboard.press('Shift+Slash');
  await expect(composer).toHaveValue('why?');
  await expect(page.getByTestId('shortcuts-sheet')).toBeHidden();
  await composer.fill('');

  // The conversation list is one tab stop; the arrows move in it and Enter opens.
  const carolItem = page.getByTestId(`conversation-${carol}`);
  const bobItem = page.getByTestId(`conversation-${bob}`);
  await expect(carolItem).toHaveAttribute('tabindex', '0');
  await expect(bobItem).toHaveAttribute('tabindex', '-1');
  await carolItem.focus();
  await page.keyboard.press('ArrowDown');
  await expect(bobItem).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(chat).toHaveAttribute('data-peer', bob);
  await bobItem.focus();
  await page.keyboard.press('Home');
  await expect(carolItem).toBeFocused();

  // F2 on a conversation renames its contact.
  await page.keyboard.press('F2');
  const dialog = page.getByTestId('contact-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading', { name: 'Rename contact' })).toBeVisible();
  await page.getByTestId('contact-name-input').fill('Caroline');
  await page.getByTestId('contact-submit').click();
  await expect(dialog).toBeHidden();
  await expect(carolItem.locator('.conversation-name')).toHaveText('Caroline');

  // The roster: arrows move from contact to contact, Enter opens the chat, F2 renames.
  await page.getByTestId('tab-contacts').click();
  const bobRow = page.getByTestId(`contact-${bob}`).locator('.contact-main');
  const carolRow = page.getByTestId(`contact-${carol}`).locator('.contact-main');
  await bobRow.focus();
  await page.keyboard.press('ArrowDown');
  await expect(carolRow).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(bobRow).toBeFocused();
  await expect(bobRow).toHaveAttribute('tabindex', '0');
  await expect(carolRow).toHaveAttribute('tabindex', '-1');
  await page.keyboard.press('F2');
  await expect(dialog).toBeVisible();
  await page.getByTestId('contact-name-input').fill('Robert');
  await page.getByTestId('contact-submit').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId(`contact-${bob}`).locator('.contact-name')).toHaveText('Robert');
  // The row's actions, whose ⋮ button is no tab stop: Shift+F10 opens them on the row.
  await carolRow.focus();
  await page.keyboard.press('Shift+F10');
  await expect(page.getByRole('menu')).toBeVisible();
  await expect(page.getByTestId('contact-action-rename')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toBeHidden();
  await carolRow.focus();
  await page.keyboard.press('Enter');
  await expect(chat).toHaveAttribute('data-peer', carol);

  // `?` outside a text field opens the sheet, listed from the same table the keys run on.
  await page.getByTestId('tab-contacts').focus();
  await page.keyboard.press('Shift+Slash');
  const sheet = page.getByTestId('shortcuts-sheet');
  await expect(sheet).toBeVisible();
  await expect(sheet.getByTestId('shortcut-next-conversation')).toContainText('Ctrl');
  await expect(sheet.getByTestId('shortcut-next-conversation')).toContainText('Tab');
  await expect(sheet.getByTestId('shortcut-list-rename')).toContainText('F2');
  await expectAccessible(page, '[data-testid="shortcuts-sheet"]');
  await page.screenshot({ path: resolve(shots, 'shortcuts-sheet.png') });
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
  // And from its button in the sidebar.
  await page.getByTestId('open-shortcuts').click();
  await expect(sheet).toBeVisible();
  await page.keyboard.press('Escape');

  // F2 on a group chat renames it: the name goes into its bookmark.
  const room = `keys@${env.server.mucDomain}`;
  await composer.focus();
  await page.keyboard.press('Control+Shift+J');
  await page.getByTestId('join-room-address').fill(room);
  await page.getByTestId('join-room-nick').fill('Alice');
  await page.getByTestId('join-room-submit').click();
  await page.getByTestId('join-room-create').click();
  await expect(page.getByTestId('room-header')).toHaveAttribute('data-state', 'joined');
  const roomItem = page.getByTestId(`conversation-${room}`);
  await roomItem.focus();
  await page.keyboard.press('F2');
  const rename = page.getByTestId('room-rename-dialog');
  await expect(rename).toBeVisible();
  await page.getByTestId('room-rename-input').fill('Keyboard club');
  await page.getByTestId('room-rename-submit').click();
  await expect(rename).toBeHidden();
  await expect(roomItem.locator('.conversation-name')).toHaveText('Keyboard club');
  await expect(page.getByTestId('room-bookmark')).toHaveAttribute('aria-pressed', 'true');
});
