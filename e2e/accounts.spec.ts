import { resolve } from 'node:path';
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { startProsody, type TestServer } from '@parley/testkit';
import { startHost, type Host, openAccounts } from './support.js';

const shots = resolve(import.meta.dirname, '../test-results/screenshots');
let server: TestServer;
let host: Host;

test.beforeAll(async () => {
  server = await startProsody({ users: [{ local: 'carol', password: 'carol-pw' }] });
  // This device trusts only the system's CAs: the test server's certificate is unknown to it.
  host = await startHost(null);
});

test.afterAll(async () => {
  await host?.stop();
  await server?.stop();
});

async function fillAccount(page: Page, password: string): Promise<void> {
  await page.getByTestId('account-jid').fill(`carol@${server.domain}`);
  await page.getByTestId('account-password').fill(password);
  await page.getByTestId('account-advanced-toggle').click();
  await page.getByTestId('account-host').fill(server.host);
  await page.getByTestId('account-port').fill(String(server.c2sPort));
  await page.getByTestId('account-tls').selectOption('starttls');
  await page.getByTestId('account-submit').click();
}

test('an unknown certificate is shown and connects only once the user pins it', async ({
  page,
}) => {
  await page.goto(host.url);
  await fillAccount(page, 'carol-pw');
  // The first sign-in stops on the certificate and saves nothing; the user keeps the account
  // anyway, and the saved account then asks about the certificate.
  await expect(page.getByTestId('signin-problem')).toHaveAttribute(
    'data-code',
    'certificate-untrusted',
  );
  await page.getByTestId('signin-save-anyway').click();

  const dialog = page.getByTestId('certificate-dialog');
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('certificate-subject')).toContainText(server.domain);
  await expect(page.getByTestId('certificate-fingerprint')).toHaveText(
    /([0-9A-F]{2}:){31}[0-9A-F]{2}/,
  );
  await page.screenshot({ path: resolve(shots, 'certificate-dialog.png') });
  await expect(page.getByTestId('account-state')).toHaveAttribute('data-state', 'error');

  await page.getByTestId('certificate-trust').click();
  await expect(page.getByTestId('account-state')).toHaveAttribute('data-state', 'online');
  await expect(dialog).toBeHidden();

  // A wrong password on the same, now trusted, server is told in words.
  await openAccounts(page);
  await page.getByTestId('account-edit').click();
  await page.getByTestId('account-password').fill('not-the-password');
  await page.getByTestId('account-submit').click();
  await page.keyboard.press('Escape');
  const state = page.getByTestId('account-state');
  await expect(state).toHaveAttribute('data-state', 'error');
  await expect(state).toContainText(/password/i);
  await page.screenshot({ path: resolve(shots, 'wrong-password.png') });
});
