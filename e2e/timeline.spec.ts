/// <reference lib="dom" />
import { resolve } from 'node:path';
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { addAccount, send, shots, useTwoDevices } from './support.js';

const env = useTwoDevices();

/** Sends `count` numbered lines from `page` into its open conversation, in order. */
async function sendLines(page: Page, prefix: string, count: number): Promise<void> {
  for (let i = 1; i <= count; i++) await send(page, `${prefix} ${i}`);
  await expect(page.getByTestId('message').last()).toContainText(`${prefix} ${count}`);
}

test('new messages line, jump to latest while scrolled up, and a file sent with a caption', async ({
  browser,
}) => {
  const open = async () =>
    (await browser.newContext({ viewport: { width: 1200, height: 760 } })).newPage();
  const alice = await open();
  const bob = await open();
  await alice.goto(env.alice.url);
  await bob.goto(env.bob.url);
  await addAccount(alice, env.server, 'alice', 'alice-pw');
  await addAccount(bob, env.server, 'bob', 'bob-pw');
  const aliceJid = `alice@${env.server.domain}`;
  const bobJid = `bob@${env.server.domain}`;
  await alice.getByTestId('tab-contacts').click();
  await alice.getByTestId('add-contact-button').click();
  await alice.getByTestId('add-contact-jid').fill(bobJid);
  await alice.getByTestId('contact-submit').click();
  await bob.getByTestId('tab-contacts').click();
  await bob.getByTestId(`subscription-accept-${aliceJid}`).click();
  await expect(alice.getByTestId(`contact-${bobJid}`)).toHaveAttribute('data-show', 'available');

  // Alice writes first, then goes to a room of her own: her chat with Bob is left.
  await alice.getByTestId(`contact-${bobJid}`).click();
  await send(alice, 'Hello Bob, what is new?');
  await alice.getByTestId('join-room').click();
  await alice.getByTestId('join-room-address').fill(`lobby@${env.server.mucDomain}`);
  await alice.getByTestId('join-room-nick').fill('Alice');
  await alice.getByTestId('join-room-submit').click();
  await alice.getByTestId('join-room-create').click();
  await expect(alice.getByTestId('room-header')).toHaveAttribute('data-state', 'joined');
  await alice.getByTestId('tab-chats').click();
  const aliceConversation = alice.getByTestId(`conversation-${bobJid}`);

  // Bob answers with 25 lines: all unread for Alice.
  await bob.getByTestId('tab-chats').click();
  await bob.getByTestId(`conversation-${aliceJid}`).click();
  await sendLines(bob, 'news', 25);
  await expect(aliceConversation).toHaveAttribute('data-unread', '25');

  // Opening it: at the line, right above Bob's first new line, below Alice's question. More
  // than a screen: the rest is unread until she reaches the bottom.
  await aliceConversation.click();
  const divider = alice.getByTestId('unread-divider');
  await expect(divider).toHaveText('New messages');
  await expect(divider.locator('xpath=following-sibling::*[1]')).toContainText('news 1');
  await expect(divider).toBeVisible();
  await expect(aliceConversation).toHaveAttribute('data-unread', '25');
  await alice.screenshot({ path: resolve(shots, 'timeline-divider.png') });
  await alice.getByTestId('jump-latest').click();
  await expect(aliceConversation).toHaveAttribute('data-unread', '0');
  // Alice scrolls up with the wheel (a position set by script is no user leaving the bottom).
  await alice.getByTestId('timeline').hover();
  await alice.mouse.wheel(0, -5_000);

  // Scrolled up, two more arrive: counted on the button, and the conversation stays unread.
  await expect(alice.getByTestId('jump-latest')).toBeVisible();
  await sendLines(bob, 'while away', 2);
  await expect(alice.getByTestId('jump-latest')).toHaveAttribute('data-count', '2');
  await expect(aliceConversation).toHaveAttribute('data-unread', '2');
  await alice.screenshot({ path: resolve(shots, 'timeline-jump.png') });
  // Jumping down shows them: read now, the button goes.
  await alice.getByTestId('jump-latest').click();
  await expect(alice.getByTestId('jump-latest')).toHaveCount(0);
  await expect(aliceConversation).toHaveAttribute('data-unread', '0');
  await expect(divider).toHaveCount(1); // Until the conversation is left.

  // Alice drops a photo: the confirm step, a caption, Send. Bob sees the file and the caption.
  await dropImage(alice, 'lake.png');
  const dialog = alice.getByTestId('send-files-dialog');
  await expect(dialog.getByTestId('staged-name')).toHaveText('lake.png');
  await expect(dialog.getByTestId('staged-preview')).toBeVisible();
  await dialog.getByTestId('staged-caption').fill('At the lake this morning');
  await alice.screenshot({ path: resolve(shots, 'timeline-send-file.png') });
  await dialog.getByTestId('send-files-confirm').click();
  await expect(dialog).toHaveCount(0);
  const bobCard = bob.getByTestId('file-card').filter({ hasText: 'lake.png' });
  await expect(bobCard).toBeVisible({ timeout: 30_000 });
  await expect(bob.getByTestId('message').last()).toContainText('At the lake this morning');
  await bob.screenshot({ path: resolve(shots, 'timeline-caption.png') });
});

/** A tiny PNG dropped on the open conversation, as a desktop drag does. */
async function dropImage(page: Page, name: string): Promise<void> {
  const png =
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
  const transfer = await page.evaluateHandle(
    ({ name, png }) => {
      const dt = new DataTransfer();
      const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], name, { type: 'image/png' }));
      return dt;
    },
    { name, png },
  );
  const zone = page.getByTestId('drop-zone');
  await zone.dispatchEvent('dragenter', { dataTransfer: transfer });
  await zone.dispatchEvent('dragover', { dataTransfer: transfer });
  await zone.dispatchEvent('drop', { dataTransfer: transfer });
}
