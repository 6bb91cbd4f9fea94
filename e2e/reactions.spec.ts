import { resolve } from 'node:path';
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { addAccount, send, shots, useTwoDevices } from './support.js';

const env = useTwoDevices();

/** Opens the ⋮ menu of a message and picks one of its actions. */
async function menuAction(page: Page, bubble: ReturnType<Page['getByTestId']>, action: string) {
  await bubble.hover();
  await bubble.locator('xpath=..').getByTestId('message-menu').click();
  await page.getByTestId(`message-action-${action}`).click();
}

test('react from the menu and the picker, reply with a quote that leads back, seen ticks', async ({
  browser,
}) => {
  const page = async () =>
    (await browser.newContext({ viewport: { width: 1200, height: 780 } })).newPage();
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
  await alice.getByTestId('contact-name-input').fill('Bob');
  await alice.getByTestId('contact-submit').click();
  await bob.getByTestId('tab-contacts').click();
  await bob.getByTestId(`subscription-accept-${aliceJid}`).click();
  await expect(alice.getByTestId(`contact-${bobJid}`)).toHaveAttribute('data-show', 'available');

  // Alice writes; no seen tick until Bob opens the conversation.
  await alice.getByTestId(`contact-${bobJid}`).click();
  await send(alice, 'Lunch at noon?');
  // Located by id from here: the message stays itself as others arrive after it.
  const questionId = await alice.getByTestId('message').last().getAttribute('data-id');
  const question = alice.locator(`[data-testid="message"][data-id="${questionId}"]`);
  await expect(question).toHaveAttribute('data-status', 'delivered');
  // Encrypted (OMEMO is on by default between two Parley users); reactions work all the same.
  await expect(question.getByTestId('encryption-mark')).toBeVisible();
  // One ✓ for delivered; ✓✓ (Seen) replaces it once Bob has the conversation open.
  await expect(question.getByTestId('message-status')).toHaveAttribute('aria-label', 'Delivered');
  await bob.getByTestId('tab-chats').click();
  await bob.bringToFront();
  await bob.getByTestId(`conversation-${aliceJid}`).click();
  await expect(bob.getByTestId('message').last()).toContainText('Lunch at noon?');
  const onBobId = await bob.getByTestId('message').last().getAttribute('data-id');
  const onBob = bob.locator(`[data-testid="message"][data-id="${onBobId}"]`);
  await expect(question.getByTestId('message-status')).toHaveAttribute('aria-label', 'Seen');
  await expect(question.getByTestId('message-status')).toHaveText('✓✓');

  // Bob reacts 👍 from the message's menu; Alice sees the count and who.
  await menuAction(bob, onBob, 'react-thumbs-up');
  const thumbs = question.getByTestId('reaction').filter({ hasText: '👍' });
  await expect(thumbs).toContainText('1');
  await expect(thumbs).toHaveAttribute('aria-label', new RegExp(`👍 1: ${bobJid}`));

  // Alice adds 🍕 from the full picker, then 👍 from the quick row: Bob sees both counts.
  await alice.bringToFront();
  await question.hover();
  await question.getByTestId('reaction-add').click();
  await question.getByTestId('reaction-more').click();
  await alice.getByTestId('emoji-search').fill('pizza');
  await alice.screenshot({ path: resolve(shots, 'reaction-picker.png') });
  await alice.getByTestId('emoji-grid').getByRole('button', { name: /pizza/u }).first().click();
  await expect(alice.getByTestId('emoji-picker')).toHaveCount(0);
  await expect(onBob.getByTestId('reaction').filter({ hasText: '🍕' })).toContainText('1');
  await question.hover();
  await question.getByTestId('reaction-add').click();
  // The pizza was just used: the quick row offers it first.
  await expect(question.getByTestId('reaction-quick').first()).toHaveText('🍕');
  await question.getByTestId('reaction-quick').filter({ hasText: '👍' }).click();
  await expect(onBob.getByTestId('reaction').filter({ hasText: '👍' })).toContainText('2');
  await expect(onBob.getByTestId('reaction').filter({ hasText: '👍' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );

  // Bob starts a reply from the menu; Alice talks on until the question is out of sight.
  await bob.bringToFront();
  await menuAction(bob, onBob, 'reply');
  await expect(bob.getByTestId('composer-replying')).toHaveText(/Replying to .+: Lunch at noon\?/);
  await bob.screenshot({ path: resolve(shots, 'reply-composer.png') });
  for (let i = 1; i <= 30; i++) await send(alice, `filler line ${i}`);
  await expect(bob.getByTestId('message').last()).toContainText('filler line 30');
  await send(bob, 'Yes, noon works');
  await expect(bob.getByTestId('composer-replying')).toHaveCount(0);

  // Alice sees the quote; clicking it brings the question back into view, marked.
  await alice.bringToFront();
  const reply = alice.getByTestId('message').last();
  await expect(reply).toContainText('Yes, noon works');
  const quote = reply.getByTestId('reply-quote');
  await expect(quote).toContainText('Lunch at noon?');
  // The fallback quote is stripped from the body shown.
  await expect(reply).not.toContainText('> Lunch');
  // Far up the timeline: out of view (and out of the virtual list's DOM).
  await expect(question).not.toBeInViewport();
  await alice.screenshot({ path: resolve(shots, 'reply-quote.png') });
  await quote.click();
  await expect(question).toBeInViewport();
  await expect(question).toHaveAttribute('data-search-focus', 'true');
  await alice.screenshot({ path: resolve(shots, 'reply-jumped.png') });
  await bob.screenshot({ path: resolve(shots, 'reactions-bob.png') });
});
