/// <reference lib="dom" />
// Page functions below run in the browser: they use its DOM types.
import { resolve } from 'node:path';
import { type Locator } from '@playwright/test';
import { expect, test } from './fixtures.js';
import {
  addAccount,
  dropFiles,
  png,
  progressSeen,
  recordProgress,
  shots,
  useTwoDevices,
} from './support.js';

const env = useTwoDevices();

test('drop files on a chat and on a room: progress, delivery and image preview', async ({
  browser,
}) => {
  const open = async () =>
    (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  const alice = await open();
  const bob = await open();
  await alice.goto(env.alice.url);
  await bob.goto(env.bob.url);
  await addAccount(alice, env.server, 'alice', 'alice-pw');
  await addAccount(bob, env.server, 'bob', 'bob-pw');
  const aliceJid = `alice@${env.server.domain}`;
  const bobJid = `bob@${env.server.domain}`;

  // Contacts, so that Bob's client may fetch Alice's small files by itself.
  await alice.getByTestId('tab-contacts').click();
  await alice.getByTestId('add-contact-button').click();
  await alice.getByTestId('add-contact-jid').fill(bobJid);
  await alice.getByTestId('contact-submit').click();
  await bob.getByTestId('tab-contacts').click();
  await bob.getByTestId(`subscription-accept-${aliceJid}`).click();
  await expect(alice.getByTestId(`contact-${bobJid}`)).toHaveAttribute('data-show', 'available');

  // Alice drops an image and a 24 MB file on the chat with Bob.
  await alice.getByTestId(`contact-${bobJid}`).click();
  await recordProgress(alice);
  await dropFiles(alice, [
    { name: 'gradient.png', type: 'image/png', base64: png().toString('base64') },
    { name: 'big.bin', type: 'application/octet-stream', randomBytes: 24 * 1024 * 1024 },
  ]);
  const aliceCards = alice.getByTestId('file-card');
  const aliceImage = aliceCards.filter({ hasText: 'gradient.png' });
  const aliceBig = aliceCards.filter({ hasText: 'big.bin' });
  // The sender sees her image at once, from the local file.
  await expect(aliceImage.getByTestId('file-preview')).toBeVisible();
  // For a moment the sent message's card and the finishing upload's card both show the file
  // (the message is stored before the upload record learns its id): wait for the one card.
  await expect.poll(() => cardStates(aliceImage), { timeout: 60_000 }).toEqual(['done']);
  await expect.poll(() => cardStates(aliceBig), { timeout: 60_000 }).toEqual(['done']);
  const moved = (await progressSeen(alice)).filter((v) => v > 0 && v < 100);
  expect(moved.length).toBeGreaterThan(0);

  // Bob: the image came down by itself and shows inline; the big file waits for his click.
  await bob.getByTestId('tab-chats').click();
  await bob.getByTestId(`conversation-${aliceJid}`).click();
  const bobCards = bob.getByTestId('file-card');
  await expect(bobCards).toHaveCount(2);
  const bobImage = bobCards.filter({ hasText: 'gradient.png' });
  const bobBig = bobCards.filter({ hasText: 'big.bin' });
  await expect(bobImage.getByTestId('file-preview')).toBeVisible({ timeout: 30_000 });
  await expect(bobBig).toHaveAttribute('data-state', 'offered');
  await recordProgress(bob);
  await bobBig.getByTestId('file-download').click();
  await expect(bobBig).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  expect((await progressSeen(bob)).some((v) => v > 0 && v < 100)).toBe(true);
  await bob.screenshot({ path: resolve(shots, 'files-chat.png') });

  // A room: Alice creates it, Bob joins, Alice drops the image there; Bob downloads it on click
  // (nothing in a room downloads by itself) and sees it.
  const room = `files@${env.server.mucDomain}`;
  await alice.getByTestId('join-room').click();
  await alice.getByTestId('join-room-address').fill(room);
  await alice.getByTestId('join-room-nick').fill('Alice');
  await alice.getByTestId('join-room-submit').click();
  await alice.getByTestId('join-room-create').click();
  await expect(alice.getByTestId('room-header')).toHaveAttribute('data-state', 'joined');
  await bob.getByTestId('join-room').click();
  await bob.getByTestId('join-room-address').fill(room);
  await bob.getByTestId('join-room-nick').fill('Bob');
  await bob.getByTestId('join-room-submit').click();
  await expect(bob.getByTestId('room-header')).toHaveAttribute('data-state', 'joined');
  await dropFiles(alice, [
    { name: 'room-gradient.png', type: 'image/png', base64: png().toString('base64') },
  ]);
  const roomCard = bob.getByTestId('file-card').last();
  await expect(roomCard).toContainText('room-gradient.png', { timeout: 30_000 });
  if ((await roomCard.getAttribute('data-state')) === 'offered') {
    await roomCard.getByTestId('file-download').click();
  }
  await expect(roomCard.getByTestId('file-preview')).toBeVisible({ timeout: 30_000 });
  await bob.screenshot({ path: resolve(shots, 'files-room.png') });
});

/** The data-state of every card a locator finds (none, one, or a transient two). */
function cardStates(cards: Locator): Promise<(string | null)[]> {
  return cards.evaluateAll((els) => els.map((el) => el.getAttribute('data-state')));
}
