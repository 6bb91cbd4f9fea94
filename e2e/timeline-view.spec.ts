/// <reference lib="dom" />
import { resolve } from 'node:path';
import { type Locator, type Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { addAccount, dropFiles, png, send, shots, useTwoDevices } from './support.js';

const env = useTwoDevices();

/** Bob's lines, sent one Enter each without waiting for the previous one to show. */
async function sendLines(page: Page, prefix: string, count: number): Promise<void> {
  for (let i = 1; i <= count; i++) await send(page, `${prefix} ${i}`);
  await expect(page.getByTestId('message').last()).toContainText(`${prefix} ${count}`);
}

/**
 * How many pixels of `element`'s screenshot fall in each of 12 hue buckets, counting only
 * clearly coloured ones (saturated and not dark): text, grey bubbles and blank space count
 * nowhere. Decoded by the page itself (an image from a data: URL on a canvas).
 */
async function colourHistogram(page: Page, element: Locator): Promise<number[]> {
  const png = (await element.screenshot()).toString('base64');
  return page.evaluate(async (data) => {
    const image = new Image();
    image.src = `data:image/png;base64,${data}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext('2d')!;
    context.drawImage(image, 0, 0);
    const { data: px } = context.getImageData(0, 0, image.width, image.height);
    const buckets = new Array<number>(12).fill(0);
    for (let i = 0; i < px.length; i += 4) {
      const [r, g, b] = [px[i]! / 255, px[i + 1]! / 255, px[i + 2]! / 255];
      const max = Math.max(r, g, b);
      const min = Math.min(r, g, b);
      if (max < 0.35 || max - min < 0.35) continue;
      let hue = 0;
      if (max === r) hue = ((g - b) / (max - min) + 6) % 6;
      else if (max === g) hue = (b - r) / (max - min) + 2;
      else hue = (r - g) / (max - min) + 4;
      buckets[Math.floor(hue * 2) % 12]!++;
    }
    return buckets;
  }, png);
}

/** The distance in pixels between the timeline's view and its end. */
function gapBelow(page: Page): Promise<number> {
  return page
    .getByTestId('timeline')
    .evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
}

test('emoji in colour; opening at the new-messages line; a tall arrival keeps the bottom', async ({
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

  // A row of emoji reaches Bob drawn in colour by the bundled font (this browser has no
  // emoji font of its own): faces yellow, the pizza, the heart red, the flag blue.
  await alice.getByTestId(`contact-${bobJid}`).click();
  await send(alice, '😀😂🍕❤️🇫🇷👍🏽🎉🌍');
  await bob.getByTestId('tab-chats').click();
  await bob.getByTestId(`conversation-${aliceJid}`).click();
  const emojiBubble = bob.getByTestId('message').last();
  await expect(emojiBubble).toContainText('🍕');
  await bob.evaluate(() => document.fonts.ready);
  const body = emojiBubble.locator('.message-body');
  await body.screenshot({ path: resolve(shots, 'emoji-row.png') });
  const hues = await colourHistogram(bob, body);
  // Blank glyphs or monochrome outlines colour nothing; a colour font colours several hues.
  expect(hues.filter((count) => count > 30).length, `hue buckets ${hues}`).toBeGreaterThanOrEqual(
    3,
  );

  // Alice goes to a room of her own: her chat with Bob is left.
  await alice.getByTestId('join-room').click();
  await alice.getByTestId('join-room-address').fill(`lobby@${env.server.mucDomain}`);
  await alice.getByTestId('join-room-nick').fill('Alice');
  await alice.getByTestId('join-room-submit').click();
  await alice.getByTestId('join-room-create').click();
  await expect(alice.getByTestId('room-header')).toHaveAttribute('data-state', 'joined');
  await alice.getByTestId('tab-chats').click();
  const aliceConversation = alice.getByTestId(`conversation-${bobJid}`);

  // 40 lines: more than the view holds. Alice opens at the line, not at the end.
  await sendLines(bob, 'story', 40);
  await expect(aliceConversation).toHaveAttribute('data-unread', '40');
  await aliceConversation.click();
  const divider = alice.getByTestId('unread-divider');
  await expect(divider).toBeInViewport();
  await expect(divider.locator('xpath=following-sibling::*[1]')).toContainText('story 1');
  const timeline = alice.getByTestId('timeline');
  await expect(timeline.getByText('story 40', { exact: true })).not.toBeInViewport();
  await expect(divider).toBeVisible(); // Virtuoso shows the list once it is in place.
  await alice.screenshot({ path: resolve(shots, 'timeline-open-at-line.png') });
  // What is below the view is not read yet; the button counts it and takes her there.
  await expect(alice.getByTestId('jump-latest')).toHaveAttribute('data-count', '40');
  await expect(aliceConversation).toHaveAttribute('data-unread', '40');
  await alice.getByTestId('jump-latest').click();
  await expect(timeline.getByText('story 40', { exact: true })).toBeInViewport();
  await expect(aliceConversation).toHaveAttribute('data-unread', '0');

  // Away again; two lines fit on the screen: she opens at the bottom, and they are read.
  await alice.getByTestId(`conversation-lobby@${env.server.mucDomain}`).click();
  await sendLines(bob, 'short', 2);
  await expect(aliceConversation).toHaveAttribute('data-unread', '2');
  await aliceConversation.click();
  await expect(timeline.getByText('short 2', { exact: true })).toBeInViewport();
  await expect(alice.getByTestId('unread-divider')).toBeInViewport();
  await expect(aliceConversation).toHaveAttribute('data-unread', '0');
  await expect(alice.getByTestId('jump-latest')).toHaveCount(0);
  expect(await gapBelow(alice)).toBeLessThanOrEqual(24);

  // At the bottom, a message taller than the view arrives: she still sees the newest line.
  const tall = Array.from({ length: 45 }, (_, i) => `verse ${i + 1}`).join('\n');
  await send(bob, tall);
  await expect(alice.getByTestId('message').last()).toContainText('verse 45');
  await expect.poll(() => gapBelow(alice)).toBeLessThanOrEqual(24);
  await expect(alice.getByTestId('jump-latest')).toHaveCount(0);
  await expect(aliceConversation).toHaveAttribute('data-unread', '0');
  await alice.screenshot({ path: resolve(shots, 'timeline-tall-arrival.png') });

  // The newest bubble growing well after it was laid out, as an image does that is decoded
  // late on a busy machine (here on loopback the app's own previews come too fast to show it):
  // an image put into it a while later. The view goes down with it; no "jump to latest".
  await alice.waitForTimeout(500); // Past Virtuoso's own follow-up of an arrival (100 ms).
  await alice
    .getByTestId('message')
    .last()
    .locator('.message-body')
    .evaluate(
      (body, src) => {
        const image = document.createElement('img');
        image.src = src;
        image.alt = 'late';
        body.append(image);
      },
      `data:image/png;base64,${png(240).toString('base64')}`,
    );
  await expect(alice.getByAltText('late')).toHaveJSProperty('complete', true);
  await expect.poll(() => gapBelow(alice)).toBeLessThanOrEqual(24);
  await expect(alice.getByTestId('jump-latest')).toHaveCount(0);

  // A photo: its card arrives small and grows once the image is fetched and shown.
  await dropFiles(bob, [
    { name: 'sunset.png', type: 'image/png', base64: png(240).toString('base64') },
  ]);
  const photo = alice.getByTestId('file-card').filter({ hasText: 'sunset.png' });
  await expect(photo.getByTestId('file-preview')).toBeVisible({ timeout: 30_000 });
  await expect
    .poll(() => photo.getByTestId('file-preview').evaluate((img) => img.clientHeight))
    .toBeGreaterThan(200);
  await expect.poll(() => gapBelow(alice)).toBeLessThanOrEqual(24);
  await expect(alice.getByTestId('jump-latest')).toHaveCount(0);
  await alice.screenshot({ path: resolve(shots, 'timeline-photo-arrival.png') });

  // The newest bubble growing well after it arrived: Bob corrects a line into a long one.
  await send(bob, 'one more thing');
  await expect(alice.getByTestId('message').last()).toContainText('one more thing');
  await expect.poll(() => gapBelow(alice)).toBeLessThanOrEqual(24);
  const composer = bob.getByTestId('composer');
  await composer.press('ArrowUp');
  await expect(bob.getByTestId('composer-editing')).toBeVisible();
  await composer.fill(Array.from({ length: 20 }, (_, i) => `thing ${i + 1}`).join('\n'));
  await composer.press('Enter');
  await expect(alice.getByTestId('message').last()).toContainText('thing 20');
  await expect.poll(() => gapBelow(alice)).toBeLessThanOrEqual(24);
  await expect(alice.getByTestId('jump-latest')).toHaveCount(0);
  await alice.screenshot({ path: resolve(shots, 'timeline-grown-arrival.png') });
});
