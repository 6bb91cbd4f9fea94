import { resolve } from 'node:path';
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { addAccount, send, shots, useTwoDevices } from './support.js';

const env = useTwoDevices();

/** More than the first page (50), so opening the oldest hit has to page history in. */
const FILLER = 55;

async function addContact(page: Page, jid: string, name: string): Promise<void> {
  await page.getByTestId('tab-contacts').click();
  await page.getByTestId('add-contact-button').click();
  await page.getByTestId('add-contact-jid').fill(jid);
  await page.getByTestId('contact-name-input').fill(name);
  await page.getByTestId('contact-submit').click();
  await expect(page.getByTestId(`contact-${jid}`)).toBeVisible();
}

test('search finds a message, opens it highlighted in its conversation; Ctrl+K switches', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const alice = await (
    await browser.newContext({ viewport: { width: 1200, height: 780 } })
  ).newPage();
  const bob = await (
    await browser.newContext({ viewport: { width: 1200, height: 780 } })
  ).newPage();
  await alice.goto(env.alice.url);
  await bob.goto(env.bob.url);
  await addAccount(alice, env.server, 'alice', 'alice-pw');
  await addAccount(bob, env.server, 'bob', 'bob-pw');
  const bobJid = `bob@${env.server.domain}`;
  const daveJid = `dave@${env.server.domain}`;
  await addContact(alice, bobJid, 'Bob Builder');
  await addContact(alice, daveJid, 'Dave');

  // One message to find, then enough newer ones to push it off the first page.
  await alice.getByTestId(`contact-${bobJid}`).click();
  await send(alice, 'The secret word is Pélican, keep it');
  for (let i = 0; i < FILLER; i++) await send(alice, `filler message ${i}`);
  await expect(alice.getByTestId('message').last()).toContainText(`filler message ${FILLER - 1}`);

  // After a reload only the newest page is loaded: the hit lies beyond it.
  await alice.reload();
  await expect(alice.getByTestId('account-state')).toHaveAttribute('data-state', 'online');
  await alice.keyboard.press('Control+Shift+F');
  const dialog = alice.getByTestId('search-dialog');
  await expect(dialog).toBeVisible();
  await alice.getByTestId('search-input').fill('pelic');
  const hit = alice.getByTestId('search-hit');
  await expect(hit).toHaveCount(1);
  await expect(hit.locator('mark')).toHaveText('Pélican');
  await expect(hit).toContainText('Bob Builder');
  await alice.screenshot({ path: resolve(shots, 'search-results.png') });
  await hit.click();

  await expect(dialog).toBeHidden();
  await expect(alice.getByTestId('chat-view')).toHaveAttribute('data-peer', bobJid);
  const found = alice.locator('[data-testid="message"][data-search-focus]');
  await expect(found).toContainText('The secret word is Pélican');
  await expect(found).toBeInViewport();
  await alice.screenshot({ path: resolve(shots, 'search-opened.png') });

  // Search in one conversation: Bob, who received it, with Ctrl+F.
  await bob.getByTestId('tab-chats').click();
  await bob.getByTestId(`conversation-alice@${env.server.domain}`).click();
  await bob.keyboard.press('Control+F');
  await bob.getByTestId('conversation-search-input').fill('filler 54');
  await expect(bob.getByTestId('search-hit')).toHaveCount(1);
  await bob.getByTestId('search-hit').click();
  await expect(bob.locator('[data-testid="message"][data-search-focus]')).toContainText(
    'filler message 54',
  );

  // Ctrl+K: to Dave (no conversation yet) and back to Bob, with the keyboard only.
  await alice.keyboard.press('Control+K');
  await alice.getByTestId('quick-switcher-input').fill('dav');
  await alice.keyboard.press('Enter');
  await expect(alice.getByTestId('chat-view')).toHaveAttribute('data-peer', daveJid);
  await alice.keyboard.press('Control+K');
  await alice.getByTestId('quick-switcher-input').fill('bb');
  await expect(alice.getByTestId('quick-switcher-option').first()).toHaveAttribute(
    'data-peer',
    bobJid,
  );
  await alice.screenshot({ path: resolve(shots, 'quick-switcher.png') });
  await alice.keyboard.press('Enter');
  await expect(alice.getByTestId('chat-view')).toHaveAttribute('data-peer', bobJid);
  await expect(alice.getByTestId('quick-switcher')).toBeHidden();
});
