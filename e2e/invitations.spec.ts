import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { startProsody, type TestServer } from '@parley/testkit';
import { expectAccessible } from './axe.js';
import { addAccount, shots, startHost, type Host } from './support.js';

// Alice is an admin of an invite-only server: her contact invites let a newcomer register.
let server: TestServer;
const hosts: Host[] = [];

test.beforeAll(async () => {
  server = await startProsody({
    invites: {},
    admins: ['alice'],
    users: [{ local: 'alice', password: 'alice-pw' }],
  });
  mkdirSync(shots, { recursive: true });
});

test.afterAll(async () => {
  await Promise.all(hosts.map((h) => h.stop()));
  await server?.stop();
});

async function device(page: Page): Promise<void> {
  const host = await startHost(server.caPem);
  hosts.push(host);
  await page.goto(host.url);
}

test('a newcomer signs up with Alice’s invitation from the first screen; both see each other', async ({
  browser,
}) => {
  const alice = await (
    await browser.newContext({ viewport: { width: 1200, height: 780 } })
  ).newPage();
  const newcomer = await (
    await browser.newContext({ viewport: { width: 1200, height: 780 } })
  ).newPage();
  await Promise.all([device(alice), device(newcomer)]);
  await addAccount(alice, server, 'alice', 'alice-pw');

  // Alice's "Invite someone": the link, its QR code and its expiry.
  await alice.getByTestId('tab-contacts').click();
  await alice.getByTestId('invite-button').click();
  const dialog = alice.getByTestId('invite-dialog');
  const link = dialog.getByTestId('invite-link');
  await expect(link).toHaveText(/^xmpp:alice@localhost\?roster;preauth=[\w-]+;ibr=y$/u);
  await expect(dialog.getByTestId('qr-code')).toBeVisible();
  await expect(dialog.getByTestId('invite-expiry')).toContainText('Valid until');
  await expect(dialog.getByTestId('invite-make-other')).toBeVisible();
  await expectAccessible(alice, '[data-testid="invite-dialog"]');
  await alice.screenshot({ path: resolve(shots, 'invite-dialog.png') });
  const uri = (await link.textContent())!;
  await alice.keyboard.press('Escape');

  // The newcomer has no account: the first screen takes the link.
  await newcomer.getByTestId('add-account-invite').click();
  await newcomer.getByTestId('invitation-link').fill('xmpp:alice@localhost');
  await newcomer.getByTestId('invitation-open').click();
  await expect(newcomer.getByTestId('invitation-error')).toContainText('not an invitation');
  await newcomer.getByTestId('invitation-link').fill(uri);
  await newcomer.getByTestId('invitation-open').click();
  await expect(newcomer.getByTestId('invite-from')).toContainText('alice@localhost invited you');
  await expect(newcomer.getByTestId('register-server')).toHaveValue(server.domain);
  await newcomer.getByTestId('register-advanced-toggle').click();
  await newcomer.getByTestId('register-host').fill(server.host);
  await newcomer.getByTestId('register-port').fill(String(server.c2sPort));
  await newcomer.getByTestId('register-tls').selectOption('starttls');
  await newcomer.getByTestId('register-submit').click();
  await newcomer.getByTestId('register-field-username').fill('nina');
  await newcomer.getByTestId('register-field-password').fill('nina-pw-123');
  await newcomer.screenshot({ path: resolve(shots, 'invite-signup.png') });
  await newcomer.getByTestId('register-submit').click();
  await expect(newcomer.getByTestId('account-state')).toHaveAttribute('data-state', 'online');

  // Subscribed both ways by the server at registration: each sees the other online.
  await newcomer.getByTestId('tab-contacts').click();
  await expect(newcomer.getByTestId('contact-alice@localhost')).toHaveAttribute(
    'data-show',
    'available',
  );
  await expect(alice.getByTestId('contact-nina@localhost')).toHaveAttribute(
    'data-show',
    'available',
  );
});
