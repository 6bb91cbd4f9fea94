import { resolve } from 'node:path';
import { type Locator } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { aliceAndBobFriends, send, shots, useTwoDevices } from './support.js';

// Right-to-left: with dir="rtl" on <html> (as an RTL translation sets it) the layout mirrors,
// because styles.css uses logical properties: the sidebar moves to the right, the composer's
// buttons swap sides, icons that point along the line turn around.

const env = useTwoDevices();

async function box(locator: Locator) {
  const b = await locator.boundingBox();
  if (!b) throw new Error('not laid out');
  return b;
}

test('dir="rtl" mirrors the main window and dialogs', async ({ browser }) => {
  const { alice, bob } = await aliceAndBobFriends(browser, env);
  const bobJid = `bob@${env.server.domain}`;
  await alice.getByTestId(`contact-${bobJid}`).click();
  await send(alice, 'Hello from the left-to-right world');
  await bob.getByTestId('tab-chats').click();
  await bob.getByTestId(`conversation-alice@${env.server.domain}`).click();
  await send(bob, 'مرحبا! Hello back');
  await expect(alice.getByTestId('message').last()).toContainText('Hello back');

  // Left to right first: the sidebar on the left.
  const sidebar = alice.locator('aside.sidebar');
  const main = alice.locator('main.main');
  expect((await box(sidebar)).x).toBeLessThan((await box(main)).x);

  await alice.evaluate(() => {
    document.documentElement.dir = 'rtl';
  });
  await expect(alice.locator('html')).toHaveAttribute('dir', 'rtl');

  // The sidebar is on the right, flush with the window's right edge.
  const side = await box(sidebar);
  const content = await box(main);
  expect(side.x).toBeGreaterThan(content.x);
  expect(Math.round(side.x + side.width)).toBe(1200);
  // In the composer, attach comes first: on the right now, the send button on the left.
  const attach = await box(alice.getByTestId('attach-button'));
  const sendButton = await box(alice.getByTestId('composer-send'));
  expect(attach.x).toBeGreaterThan(sendButton.x);
  // The send arrow points the way the text runs: mirrored.
  const transform = await alice
    .getByTestId('composer-send')
    .locator('svg')
    .evaluate((svg) => getComputedStyle(svg).transform);
  expect(transform).toBe('matrix(-1, 0, 0, 1, 0, 0)');
  // Incoming messages sit at the start of the line (the right), ours at the end (the left).
  const incoming = await box(alice.getByTestId('message').last());
  const outgoing = await box(alice.locator('[data-testid="message"][data-direction="out"]').last());
  expect(incoming.x + incoming.width).toBeGreaterThan(outgoing.x + outgoing.width);
  await alice.screenshot({ path: resolve(shots, 'rtl-main.png') });

  // A dialog: labels and fields mirrored, its close button on the left.
  await alice.getByTestId('open-settings').click();
  const dialog = alice.getByTestId('settings-dialog');
  await expect(dialog).toBeVisible();
  const close = await box(dialog.getByRole('button', { name: 'Close' }).first());
  const title = await box(dialog.getByRole('heading').first());
  expect(close.x).toBeLessThan(title.x);
  await alice.screenshot({ path: resolve(shots, 'rtl-settings.png') });
  await alice.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  // A room: the member list, at the end of the line, is now on the left of the messages.
  await alice.getByTestId('join-room').click();
  await alice.getByTestId('join-room-address').fill(`salon@${env.server.mucDomain}`);
  await alice.getByTestId('join-room-nick').fill('Alice');
  await alice.getByTestId('join-room-submit').click();
  await alice.getByTestId('join-room-create').click();
  await expect(alice.getByTestId('room-header')).toHaveAttribute('data-state', 'joined');
  await send(alice, '/topic نقاش — a discussion');
  await expect(alice.getByTestId('room-header')).toContainText('a discussion');
  await send(alice, 'Welcome');
  const members = alice.getByTestId('occupant-list');
  if (!(await members.isVisible())) await alice.getByTestId('room-occupants-toggle').click();
  await expect(members).toBeVisible();
  expect((await box(members)).x).toBeLessThan((await box(alice.getByTestId('timeline'))).x);
  // The room's Latin name lines up with the layout (right), not with its own first letter.
  const roomTitle = alice.getByTestId('room-header').locator('h1');
  expect(await roomTitle.evaluate((h) => getComputedStyle(h).textAlign)).toBe('right');
  await alice.screenshot({ path: resolve(shots, 'rtl-room.png') });
});
