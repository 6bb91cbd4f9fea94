import { resolve } from 'node:path';
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { expectAccessible } from './axe.js';
import { addAccount, shots, useTwoDevices } from './support.js';

const env = useTwoDevices();

/** The file names of the scripts the page has fetched so far. */
const scripts = (page: Page): Promise<string[]> =>
  page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => new URL(e.name).pathname.split('/').pop()!)
      .filter((name) => name.endsWith('.js')),
  );

test('the startup loads the list, not the dialogs or other languages; a dialog loads when opened', async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  // No idle preloading in this test: what loads is what the page asked for.
  await page.addInitScript(() => {
    Object.defineProperty(window, 'requestIdleCallback', { value: () => 0 });
  });
  await page.goto(env.alice.url);
  await addAccount(page, env.server, 'alice', 'alice-pw');
  await page.reload();
  await expect(page.getByTestId('account-state')).toBeVisible();

  const atStart = await scripts(page);
  // What the first render needs comes in one file (vite.web.config.ts), not twenty.
  expect(atStart.filter((name) => name.startsWith('index-'))).toHaveLength(1);
  expect(atStart).toHaveLength(1);
  for (const piece of ['SettingsDialog-', 'AccountsDialog-', 'ChatView-', 'de-', 'ar-']) {
    expect(atStart.filter((name) => name.startsWith(piece))).toEqual([]);
  }

  // A slow chunk shows a polite "Loading…" where the dialog will open, then the dialog.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route(/\/SettingsDialog-[^/]*\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.getByTestId('open-settings').click();
  const loading = page.getByTestId('deferred-loading');
  await expect(loading).toHaveAttribute('role', 'status');
  await expect(loading).toHaveText('Loading…');
  // The overlay shows only if the wait lasts (a quick chunk does not flash it).
  await expect(loading).toHaveCSS('opacity', '1');
  await expectAccessible(page);
  await page.screenshot({ path: resolve(shots, 'deferred-loading.png') });
  release();
  await expect(page.getByTestId('settings-dialog')).toBeVisible();
  await expect(loading).toHaveCount(0);
  expect((await scripts(page)).some((name) => name.startsWith('SettingsDialog-'))).toBe(true);

  // German comes in its own chunk when chosen, and the window then speaks it.
  await page.getByTestId('settings-dialog').getByTestId('language-select').selectOption('de');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page.getByTestId('settings-tab-general')).toHaveText('Allgemein');
  expect((await scripts(page)).some((name) => name.startsWith('de-'))).toBe(true);
  await page.getByTestId('settings-dialog').getByTestId('language-select').selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await context.close();
});
