import { resolve } from 'node:path';
import { expect, test } from './fixtures.js';
import { startProsody, type TestServer } from '@parley/testkit';
import { expectAccessible } from './axe.js';
import {
  addAccount,
  chooseLanguage,
  openAccounts,
  shots,
  startHost,
  type Host,
} from './support.js';

// Texts the backend makes reach the user in the chosen language: the server refusing a
// password, told in German (the backend sends an id and the address; the renderer words it).

let server: TestServer;
let host: Host;

test.beforeAll(async () => {
  server = await startProsody({ users: [{ local: 'erika', password: 'erika-pw' }] });
  host = await startHost(server.caPem);
});

test.afterAll(async () => {
  await host?.stop();
  await server?.stop();
});

test('a refused password is explained in German, with the address in it', async ({ page }) => {
  await page.goto(host.url);
  await addAccount(page, server, 'erika', 'erika-pw');
  await chooseLanguage(page, 'de');
  await page.keyboard.press('Escape');

  await openAccounts(page);
  await page.getByTestId('account-edit').click();
  await page.getByTestId('account-password').fill('not-the-password');
  await page.getByTestId('account-submit').click();

  const jid = `erika@${server.domain}`;
  const said = `Der Server hat das Passwort für ${jid} abgelehnt`;
  const problem = page.getByTestId('signin-problem-reason').or(page.getByTestId('account-error'));
  await expect(problem).toContainText(said);
  await expect(problem).not.toContainText('refused');
  await expect(page.getByTestId(`account-state-${jid}`)).toHaveAttribute('data-state', 'error');
  await expectAccessible(page, '[role="dialog"]');
  await page.screenshot({ path: resolve(shots, 'backend-text-de-password.png') });
});
