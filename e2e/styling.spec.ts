import { resolve } from 'node:path';
import { expect, test } from './fixtures.js';
import { addAccount, send, shots, useTwoDevices, openAccounts } from './support.js';

const env = useTwoDevices();

const STYLED = [
  'Plans for *Friday*: _maybe_ ~cinema~ `git pull` first',
  '> who brings the snacks?',
  '>> not me',
  '```',
  'make *all* && ./run',
  '```',
  'Link inside: *https://xmpp.org*',
].join('\n');

test('a styled message renders as styled text; the emoji picker and :shortcode: insert emoji', async ({
  browser,
}) => {
  const page = async () =>
    (await browser.newContext({ viewport: { width: 1100, height: 760 } })).newPage();
  const alice = await page();
  const bob = await page();
  await alice.goto(env.alice.url);
  await bob.goto(env.bob.url);
  await addAccount(alice, env.server, 'alice', 'alice-pw');
  await addAccount(bob, env.server, 'bob', 'bob-pw');

  const bobJid = `bob@${env.server.domain}`;
  const aliceJid = `alice@${env.server.domain}`;
  await alice.getByTestId('tab-contacts').click();
  await alice.getByTestId('add-contact-button').click();
  await alice.getByTestId('add-contact-jid').fill(bobJid);
  await alice.getByTestId('contact-submit').click();
  await bob.getByTestId('tab-contacts').click();
  await bob.getByTestId(`subscription-accept-${aliceJid}`).click();
  await alice.getByTestId(`contact-${bobJid}`).click();
  await send(alice, STYLED);

  await bob.getByTestId('tab-chats').click();
  await bob.getByTestId(`conversation-${aliceJid}`).click();
  const message = bob.getByTestId('message').last();
  await expect(message.locator('strong').first()).toHaveText('*Friday*');
  await expect(message.locator('em')).toHaveText('_maybe_');
  await expect(message.locator('s')).toHaveText('~cinema~');
  await expect(message.locator('code')).toHaveText('`git pull`');
  await expect(message.locator('blockquote blockquote')).toContainText('not me');
  await expect(message.locator('pre')).toContainText('make *all* && ./run');
  await expect(message.locator('pre strong')).toHaveCount(0);
  await expect(message.locator('strong a')).toHaveAttribute('href', 'https://xmpp.org/');
  await expect(message.locator('.message-body')).toHaveText(STYLED, { useInnerText: false });
  await bob.evaluate(() => document.fonts.ready);
  await bob.screenshot({ path: resolve(shots, 'styled-message.png') });

  // The emoji font comes from the app itself (the CSP allows no other origin) and loads.
  const faces = await bob.evaluate(async () =>
    (await document.fonts.load('24px "Parley Emoji"', '😀🍕')).map((f) => f.status),
  );
  expect(faces.length).toBeGreaterThan(0);
  expect(faces.every((s) => s === 'loaded')).toBe(true);

  // The picker: search, pick; the pick lands in the composer.
  await bob.getByTestId('emoji-button').click();
  await expect(bob.getByTestId('emoji-grid').getByRole('button').first()).toBeVisible();
  await bob.evaluate(() => document.fonts.ready);
  await bob.screenshot({ path: resolve(shots, 'emoji-picker.png') });
  await bob.getByTestId('emoji-search').fill('pizza');
  await bob.getByTestId('emoji-grid').getByRole('button', { name: /pizza/ }).click();
  await expect(bob.getByTestId('emoji-picker')).toBeHidden();
  const composer = bob.getByTestId('composer');
  await expect(composer).toHaveValue('🍕');

  // :shortcode: completion: ":smi" lists, Enter inserts, a second Enter sends.
  await composer.pressSequentially(' :smi');
  await expect(bob.getByTestId('shortcode-list')).toBeVisible();
  await bob.evaluate(() => document.fonts.ready);
  await bob.screenshot({ path: resolve(shots, 'shortcode-completion.png') });
  await composer.press('Enter');
  await expect(composer).toHaveValue('🍕 😄');
  await composer.press('Enter');
  await expect(alice.getByTestId('message').last()).toHaveText(/🍕 😄/u);

  // Styling off: the same message shows its characters as plain text.
  await openAccounts(bob);
  await bob.getByTestId('account-edit').click();
  await bob.getByTestId('message-styling').uncheck();
  await bob.keyboard.press('Escape');
  await bob.keyboard.press('Escape');
  const first = bob.getByTestId('message').first();
  await expect(first.locator('strong')).toHaveCount(0);
  await expect(first.locator('.message-body')).toHaveText(STYLED, { useInnerText: false });
});
