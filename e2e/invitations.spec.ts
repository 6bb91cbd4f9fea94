import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Browser, type Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { startProsody, type TestServer } from '@parley/testkit';
import { expectAccessible } from './axe.js';
import { addAccount, shots, startHost, type Host } from './support.js';

// Alice is an admin of an invite-only server: her contact invites let a newcomer register.
// Carol already has an account there.
let server: TestServer;
const hosts: Host[] = [];

test.beforeAll(async () => {
  server = await startProsody({
    invites: {},
    admins: ['alice'],
    users: [
      { local: 'alice', password: 'alice-pw' },
      { local: 'carol', password: 'carol-pw' },
    ],
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

/** From the first screen: the invitation link pasted and opened. */
async function openInvitation(page: Page, uri: string): Promise<void> {
  await page.getByTestId('add-account-invite').click();
  await page.getByTestId('invitation-link').fill(uri);
  await page.getByTestId('invitation-open').click();
}

/** The sign-up's connection settings for the test server, then on to the server's form. */
async function toServer(page: Page): Promise<void> {
  await page.getByTestId('register-advanced-toggle').click();
  await page.getByTestId('register-host').fill(server.host);
  await page.getByTestId('register-port').fill(String(server.c2sPort));
  await page.getByTestId('register-tls').selectOption('starttls');
  await page.getByTestId('register-submit').click();
}

/** The whole sign-up with `uri`: the newcomer lands signed in as `local`. */
async function signUp(page: Page, uri: string, local: string): Promise<void> {
  await openInvitation(page, uri);
  await toServer(page);
  await page.getByTestId('register-field-username').fill(local);
  await page.getByTestId('register-field-password').fill(`${local}-pw-123`);
  await page.getByTestId('register-submit').click();
  await expect(page.getByTestId('account-state')).toHaveAttribute('data-state', 'online');
}

/** Alice and `local` each have the other as a contact, shown online. */
async function seeEachOnline(alice: Page, other: Page, local: string): Promise<void> {
  await expect(other.getByTestId('contact-alice@localhost')).toHaveAttribute(
    'data-show',
    'available',
  );
  await expect(alice.getByTestId(`contact-${local}@localhost`)).toHaveAttribute(
    'data-show',
    'available',
  );
}

const newPage = async (browser: Browser) =>
  (await browser.newContext({ viewport: { width: 1200, height: 780 } })).newPage();

test('a newcomer signs up with Alice’s invitation from the first screen; both see each other', async ({
  browser,
}) => {
  const [alice, newcomer] = await Promise.all([newPage(browser), newPage(browser)]);
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
  // An admin may make an account invitation instead (XEP-0401): its own link, code and expiry.
  await dialog.getByTestId('invite-make-other').click();
  await expect(link).toHaveText(/^xmpp:localhost\?register;preauth=[\w-]+$/u);
  await expect(dialog.getByTestId('invite-created')).toHaveAttribute('data-kind', 'account');
  await expect(dialog.getByTestId('qr-code')).toBeVisible();
  await expect(dialog.getByTestId('invite-expiry')).toContainText('Valid until');
  await alice.screenshot({ path: resolve(shots, 'invite-account.png') });
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
  await toServer(newcomer);
  await newcomer.getByTestId('register-field-username').fill('nina');
  await newcomer.getByTestId('register-field-password').fill('nina-pw-123');
  await newcomer.screenshot({ path: resolve(shots, 'invite-signup.png') });
  await newcomer.getByTestId('register-submit').click();
  await expect(newcomer.getByTestId('account-state')).toHaveAttribute('data-state', 'online');

  // Subscribed both ways by the server at registration: each sees the other online.
  await newcomer.getByTestId('tab-contacts').click();
  await seeEachOnline(alice, newcomer, 'nina');
});

test('a used invitation and an unknown one are refused in words; the settings typed stay', async ({
  browser,
}) => {
  const [first, late] = await Promise.all([newPage(browser), newPage(browser)]);
  await Promise.all([device(first), device(late)]);
  // An account invitation made on the server, spent by a first newcomer.
  const uri = await server.generateAccountInvite();
  await signUp(first, uri, 'olga');

  // A second newcomer opens the same link: refused before any form, the settings kept.
  await openInvitation(late, uri);
  await expect(late.getByTestId('invite-from')).toContainText(`account on ${server.domain}`);
  await toServer(late);
  const refusal =
    'The invitation was refused: it has expired, has already been used, or this server does not know it.';
  await expect(late.getByTestId('signin-problem')).toHaveAttribute('data-code', 'invite-invalid');
  await expect(late.getByTestId('signin-problem-reason')).toHaveText(refusal);
  await expect(late.getByTestId('signin-problem-fix')).toHaveText(
    'Ask the person who invited you for a new invitation.',
  );
  await expect(late.getByTestId('register-host')).toHaveValue(server.host);
  await expect(late.getByTestId('register-port')).toHaveValue(String(server.c2sPort));
  await expect(late.getByTestId('register-tls')).toHaveValue('starttls');
  await expect(late.getByTestId('register-field-username')).toHaveCount(0);
  await late.screenshot({ path: resolve(shots, 'invite-used.png') });

  // A token the server never made: the same words; a damaged link is caught before sending.
  await late.getByRole('button', { name: 'Use another link' }).click();
  const damaged = `xmpp:${server.domain}?register;preauth=`;
  await late.getByTestId('invitation-link').fill(damaged);
  await late.getByTestId('invitation-open').click();
  await expect(late.getByTestId('invitation-error')).toBeVisible();
  await expect(late.getByTestId('invitation-link')).toHaveValue(damaged);
  await late
    .getByTestId('invitation-link')
    .fill(`xmpp:${server.domain}?register;preauth=N0tMad3Here`);
  await late.getByTestId('invitation-open').click();
  await toServer(late);
  await expect(late.getByTestId('signin-problem-reason')).toHaveText(refusal);
  await expect(late.getByTestId('register-host')).toHaveValue(server.host);
});

test('Carol, signed in, opens Alice’s contact invitation: asked, then contacts, both online', async ({
  browser,
}) => {
  const [alice, carol] = await Promise.all([newPage(browser), newPage(browser)]);
  await Promise.all([device(alice), device(carol)]);
  await Promise.all([
    addAccount(alice, server, 'alice', 'alice-pw'),
    addAccount(carol, server, 'carol', 'carol-pw'),
  ]);
  await alice.getByTestId('tab-contacts').click();
  await alice.getByTestId('invite-button').click();
  const uri = (await alice.getByTestId('invite-link').textContent())!;
  expect(uri).toMatch(/^xmpp:alice@localhost\?roster;preauth=/u);
  await alice.keyboard.press('Escape');

  // Carol pastes it under "Got an invitation?" in her own invite dialog.
  await carol.getByTestId('tab-contacts').click();
  await carol.getByTestId('invite-button').click();
  await carol.getByTestId('invite-dialog').getByTestId('invitation-link').fill(uri);
  await carol.getByTestId('invite-dialog').getByTestId('invitation-open').click();
  const dialog = carol.getByTestId('accept-invite-dialog');
  await expect(dialog).toContainText('Add alice@localhost as a contact?');
  await expectAccessible(carol, '[data-testid="accept-invite-dialog"]');
  await dialog.getByTestId('accept-invite-confirm').click();
  await expect(dialog.getByTestId('accept-invite-outcome')).toHaveText(
    'You and alice@localhost are now contacts.',
  );
  await carol.screenshot({ path: resolve(shots, 'invite-accepted.png') });
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toHaveCount(0);
  await seeEachOnline(alice, carol, 'carol');
  // Alice's server approved with the token: she was not asked.
  await expect(alice.getByTestId('subscription-accept-carol@localhost')).toHaveCount(0);
});
