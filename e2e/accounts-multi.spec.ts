import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { startProsody, type TestServer } from '@parley/testkit';
import { expectAccessible } from './axe.js';
import { addAccount, openAccounts, shots, startHost, type Host } from './support.js';

let server: TestServer;
let host: Host;

test.beforeAll(async () => {
  server = await startProsody({
    users: [
      { local: 'alice', password: 'alice-pw' },
      { local: 'bob', password: 'bob-pw' },
    ],
  });
  host = await startHost(server.caPem);
  mkdirSync(shots, { recursive: true });
});

test.afterAll(async () => {
  await host?.stop();
  await server?.stop();
});

const row = (page: Page, local: string) =>
  page.getByTestId(`account-row-${local}@${server.domain}`);

async function rowOrder(page: Page): Promise<string[]> {
  return page
    .locator('.account-row')
    .evaluateAll((rows) =>
      rows.map(
        (r) => r.getAttribute('data-testid')?.replace(/^account-row-([^@]+)@.*$/u, '$1') ?? '',
      ),
    );
}

test('two accounts: reorder, colour, disable one, per-account status with history', async ({
  page,
}) => {
  await page.goto(host.url);
  await addAccount(page, server, 'alice', 'alice-pw');

  // A second account, from the accounts dialog.
  await openAccounts(page);
  await page.getByTestId('add-account-button').click();
  await page.getByTestId('account-jid').fill(`bob@${server.domain}`);
  await page.getByTestId('account-password').fill('bob-pw');
  await page.getByTestId('account-advanced-toggle').click();
  await page.getByTestId('account-host').fill(server.host);
  await page.getByTestId('account-port').fill(String(server.c2sPort));
  await page.getByTestId('account-tls').selectOption('starttls');
  await page.getByTestId('account-submit').click();
  const dialog = page.getByTestId('accounts-dialog');
  await expect(dialog).toBeVisible();
  for (const local of ['alice', 'bob']) {
    await expect(page.getByTestId(`account-state-${local}@${server.domain}`)).toHaveAttribute(
      'data-state',
      'online',
    );
  }
  expect(await rowOrder(page)).toEqual(['alice', 'bob']);

  // Reorder with the buttons, then back with the keyboard (Alt+↑ in the row).
  await row(page, 'bob').getByTestId('account-move-up').click();
  await expect.poll(() => rowOrder(page)).toEqual(['bob', 'alice']);
  await row(page, 'alice').getByTestId('account-edit').focus();
  await page.keyboard.press('Alt+ArrowUp');
  await expect.poll(() => rowOrder(page)).toEqual(['alice', 'bob']);
  await row(page, 'alice').getByTestId('account-move-down').click();
  await expect.poll(() => rowOrder(page)).toEqual(['bob', 'alice']);

  // A colour of one's own for bob.
  await row(page, 'bob').getByTestId('account-color').click();
  await page.getByTestId('account-color-pink').click();
  await expect(row(page, 'bob').locator('.account-color-stripe')).toHaveAttribute(
    'data-account-color',
    'pink',
  );

  // Disable alice: greyed, offline, no connect button.
  await row(page, 'alice').getByTestId('account-enabled').click();
  await expect(row(page, 'alice')).toHaveAttribute('data-enabled', 'false');
  await expect(page.getByTestId(`account-state-alice@${server.domain}`)).toHaveAttribute(
    'data-state',
    'disconnected',
  );
  await expect(page.getByTestId(`account-state-alice@${server.domain}`)).toContainText('Disabled');
  await expect(row(page, 'alice').getByTestId('account-connect')).toHaveCount(0);
  await page.screenshot({ path: resolve(shots, 'accounts-multi-dialog.png') });
  await expectAccessible(page, '[data-testid="accounts-dialog"]');

  // The proxy settings of an account.
  await row(page, 'bob').getByTestId('account-edit').click();
  await page.getByTestId('proxy-toggle').click();
  await page.getByTestId('proxy-type').selectOption('socks5');
  await expect(page.getByTestId('proxy-host')).toHaveValue('127.0.0.1');
  await page.getByTestId('proxy-settings').scrollIntoViewIfNeeded();
  await page.screenshot({ path: resolve(shots, 'accounts-proxy-settings.png') });
  await expectAccessible(page, '[data-testid="accounts-dialog"]');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // The order and colours follow into the account switcher.
  await page.getByTestId('account-switcher').click();
  const items = page.locator('[data-testid^="account-switch-"]');
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).toHaveAttribute('data-testid', `account-switch-bob@${server.domain}`);
  await expect(items.nth(0).locator('.account-color-dot')).toHaveAttribute(
    'data-account-color',
    'pink',
  );
  await page.screenshot({ path: resolve(shots, 'accounts-multi-switcher.png') });
  await items.nth(0).click();

  // Bob's status, twice; the first comes back from the history.
  for (const text of ['At lunch', 'In a meeting']) {
    await page.getByTestId('presence-selector').click();
    await page.getByTestId('presence-edit-status').click();
    await page.getByTestId('presence-status-input').fill(text);
    await page.getByTestId('presence-status-save').click();
    await expect(page.getByTestId('presence-selector')).toContainText(text);
  }
  await page.getByTestId('presence-selector').click();
  const recent = page.getByTestId('status-history-menu-item');
  await expect(recent).toHaveText(['At lunch']);
  await page.screenshot({ path: resolve(shots, 'accounts-status-menu.png') });
  await recent.first().click();
  await expect(page.getByTestId('presence-selector')).toContainText('At lunch');

  await page.getByTestId('presence-selector').click();
  await page.getByTestId('presence-edit-status').click();
  const statusDialog = page.getByTestId('status-dialog');
  await expect(statusDialog.getByTestId('status-history-item')).toHaveText([
    'At lunch',
    'In a meeting',
  ]);
  await statusDialog.getByTestId('presence-priority-input').fill('5');
  await page.screenshot({ path: resolve(shots, 'accounts-status-dialog.png') });
  await expectAccessible(page, '[data-testid="status-dialog"]');
  await statusDialog.getByTestId('status-history-clear').click();
  await expect(statusDialog.getByTestId('status-history')).toHaveCount(0);
  await statusDialog.getByTestId('presence-status-save').click();
  await expect(statusDialog).toBeHidden();

  // Alice back on, then one status for both accounts.
  await openAccounts(page);
  await row(page, 'alice').getByTestId('account-enabled').click();
  await expect(page.getByTestId(`account-state-alice@${server.domain}`)).toHaveAttribute(
    'data-state',
    'online',
  );
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await page.getByTestId('presence-selector').click();
  await page.getByTestId('presence-edit-all').click();
  await expect(statusDialog).toContainText('Status of all accounts');
  await statusDialog.getByTestId('presence-show-select').selectOption('away');
  await statusDialog.getByTestId('presence-status-input').fill('Travelling');
  await page.screenshot({ path: resolve(shots, 'accounts-status-all.png') });
  await expectAccessible(page, '[data-testid="status-dialog"]');
  await statusDialog.getByTestId('presence-status-save').click();
  await expect(statusDialog).toBeHidden();
  await expect(page.getByTestId('presence-selector')).toContainText('Travelling');
  await expect(page.getByTestId('presence-selector')).toHaveAttribute('data-show', 'away');
  await page.getByTestId('account-switcher').click();
  await page.getByTestId(`account-switch-alice@${server.domain}`).click();
  await expect(page.getByTestId('account-switcher')).toContainText(`alice@${server.domain}`);
  await expect(page.getByTestId('presence-selector')).toContainText('Travelling');
  await expect(page.getByTestId('presence-selector')).toHaveAttribute('data-show', 'away');
});
