/// <reference lib="dom" />
// Page functions below run in the browser: they use its DOM types.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import { type Locator, type Page } from '@playwright/test';
import { expectAccessible } from './axe.js';
import { expect, test } from './fixtures.js';
import {
  aliceAndBobFriends,
  progressSeen,
  recordProgress,
  shots,
  useTwoDevices,
  type Host,
} from './support.js';

const MB = 1024 * 1024;
// The server takes 10 MB: the 200 MB file can only go directly, and the step says so.
const env = useTwoDevices({ grants: true, uploadSizeLimit: 10 * MB });

interface Picked {
  grant: string;
  name: string;
  size: number;
  sha256: string;
}

/**
 * A file of random bytes on the sender's disk, handed out as a grant the way Electron main does
 * for a picked file (the host's test-only grants folder): the page never holds its bytes.
 */
async function fileOnDisk(host: Host, name: string, size: number): Promise<Picked> {
  const grant = randomBytes(24).toString('base64url');
  const folder = join(host.grantsDir!, grant);
  mkdirSync(folder);
  const out = createWriteStream(join(folder, name));
  const hash = createHash('sha256');
  for (let left = size; left > 0; left -= MB) {
    const chunk = randomBytes(Math.min(MB, left));
    hash.update(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { grant, name, size, sha256: hash.digest('hex') };
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The paperclip, answered by a picker that returns `file` as main's open dialog would. */
async function pick(page: Page, file: Picked): Promise<Locator> {
  const picked = [{ grant: file.grant, name: file.name, size: file.size }];
  await page.evaluate((files) => {
    (window as unknown as { parley: unknown }).parley = { pickFiles: async () => files };
  }, picked);
  await page.getByTestId('attach-button').click();
  const dialog = page.getByTestId('send-files-dialog');
  await expect(dialog.getByTestId('staged-name')).toHaveText(file.name);
  return dialog;
}

const card = (page: Page, name: string) => page.getByTestId('file-card').filter({ hasText: name });

test('a 200 MB file goes directly, arrives whole; a declined offer says so', async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const { alice, bob } = await aliceAndBobFriends(browser, env);
  const aliceJid = `alice@${env.server.domain}`;
  const bobJid = `bob@${env.server.domain}`;
  await alice.getByTestId(`contact-${bobJid}`).click();
  await bob.getByTestId(`contact-${aliceJid}`).click();

  // A small file Alice chooses to send directly; Bob declines it, and Alice is told.
  const small = await fileOnDisk(env.alice, 'notes.bin', 64 * 1024);
  let dialog = await pick(alice, small);
  const box = dialog.getByTestId('send-direct');
  await expect(box).not.toBeChecked();
  await box.check();
  await dialog.getByTestId('send-files-confirm').click();
  const offered = card(bob, small.name);
  await expect(offered.getByTestId('direct-accept')).toBeVisible({ timeout: 30_000 });
  await offered.getByTestId('direct-decline').click();
  await expect(offered.getByTestId('direct-declined')).toBeVisible();
  const declined = card(alice, small.name);
  await expect(declined).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
  await expect(declined.getByTestId('file-error')).toContainText('declined');
  await expect(declined.getByTestId('file-retry')).toHaveCount(0);

  // 200 MB: over the server's limit, so the step chooses direct by itself and says why.
  const big = await fileOnDisk(env.alice, 'film.bin', 200 * MB);
  dialog = await pick(alice, big);
  await expect(dialog.getByTestId('send-direct')).toBeChecked();
  await expect(dialog.getByTestId('send-direct')).toBeDisabled();
  await expect(dialog.getByTestId('direct-reason')).toContainText('more than your server takes');
  await expectAccessible(alice, '[data-testid="send-files-dialog"]');
  await alice.screenshot({ path: resolve(shots, 'direct-files-confirm.png') });
  await dialog.getByTestId('send-files-confirm').click();
  const sending = card(alice, big.name);
  await expect(sending.getByTestId('file-progress')).toContainText(
    'Waiting for the contact to accept',
    { timeout: 30_000 },
  );

  // Bob sees what is offered, and nothing moves before he accepts.
  const offer = card(bob, big.name);
  await expect(offer.getByTestId('direct-accept')).toBeVisible({ timeout: 30_000 });
  await expect(offer).toHaveAttribute('data-state', 'offered');
  await expect(offer.getByTestId('file-meta')).toHaveText('200 MB · BIN file');
  const saved = join(env.bob.profile, 'Downloads', big.name);
  expect(existsSync(saved)).toBe(false);
  await expectAccessible(bob, '[data-testid="file-card"]');
  await bob.screenshot({ path: resolve(shots, 'direct-files-offer.png') });
  await alice.screenshot({ path: resolve(shots, 'direct-files-waiting.png') });
  await recordProgress(bob);
  await offer.getByTestId('direct-accept').click();
  // The route in words while it moves (and after); the progress on both sides.
  await expect(offer.getByTestId('direct-route')).toContainText('Direct', { timeout: 30_000 });
  await expect(offer).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
  await expect(sending).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(offer.getByTestId('file-open')).toBeVisible();
  // It moved in steps the receiver saw, not 0 then done.
  expect((await progressSeen(bob)).some((v) => v > 0 && v < 100)).toBe(true);
  await expect(sending.getByTestId('direct-route')).toContainText('Direct');
  await bob.screenshot({ path: resolve(shots, 'direct-files-done.png') });
  await alice.screenshot({ path: resolve(shots, 'direct-files-sent.png') });

  // The file Bob saved is the file Alice had, byte for byte.
  expect(await sha256Of(saved)).toBe(big.sha256);
});
