import { resolve } from 'node:path';
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { addAccount, shots, useTwoDevices, openAccounts } from './support.js';

const env = useTwoDevices();

/**
 * Turns the app-wide `omemo` setting on through the page's own host link (no settings screen
 * offers it yet); done before the account is added, so its first session publishes the device.
 */
async function turnOmemoOn(page: Page): Promise<void> {
  const result = await page.evaluate(async () => {
    const token = sessionStorage.getItem('parley.hostToken');
    const ws = new WebSocket(`ws://${location.host}/ws`, ['parley', `parley-token.${token}`]);
    return new Promise<string>((done, fail) => {
      setTimeout(() => fail(new Error('no answer')), 10_000);
      ws.onopen = () =>
        ws.send(
          JSON.stringify({
            kind: 'command',
            id: 1,
            name: 'settings.set',
            payload: { key: 'omemo', accountId: null, value: true },
          }),
        );
      ws.onmessage = (m) => {
        const frame = JSON.parse(String(m.data)) as { kind: string; id?: number };
        if (frame.kind === 'result' && frame.id === 1) {
          ws.close();
          done(String(m.data));
        }
      };
    });
  });
  expect(result).toContain('"ok":true');
}

test('the devices dialog shows the contact’s fingerprint and verifies it by a pasted link', async ({
  browser,
}) => {
  const open = async (url: string) => {
    const page = await (
      await browser.newContext({ viewport: { width: 1200, height: 860 } })
    ).newPage();
    await page.goto(url);
    await expect(page.getByRole('heading', { name: 'Add an account' })).toBeVisible();
    await turnOmemoOn(page);
    return page;
  };
  const alice = await open(env.alice.url);
  const bob = await open(env.bob.url);
  await addAccount(alice, env.server, 'alice', 'alice-pw');
  await addAccount(bob, env.server, 'bob', 'bob-pw');
  const bobJid = `bob@${env.server.domain}`;
  const aliceJid = `alice@${env.server.domain}`;
  await alice.getByTestId('tab-contacts').click();
  await alice.getByTestId('add-contact-button').click();
  await alice.getByTestId('add-contact-jid').fill(bobJid);
  await alice.getByTestId('contact-name-input').fill('Bob');
  await alice.getByTestId('contact-submit').click();
  await bob.getByTestId('tab-contacts').click();
  await bob.getByTestId(`subscription-accept-${aliceJid}`).click();
  await expect(alice.getByTestId(`contact-${bobJid}`)).toHaveAttribute('data-show', 'available');

  // Bob opens his chat with alice: the dialog shows his own verification link and its QR code.
  await bob.getByTestId(`contact-${aliceJid}`).click();
  await bob.getByTestId('omemo-devices-button').click();
  const bobLink = (await bob.getByTestId('own-link-text').textContent()) ?? '';
  expect(bobLink).toMatch(
    new RegExp(`^xmpp:${bobJid.replace('.', '\\.')}\\?omemo-sid-\\d+=[0-9a-f]{64}$`),
  );
  await expect(bob.getByTestId('qr-code')).toBeVisible();

  // Alice sees bob's device with that fingerprint, trusted blindly, and verifies it by the link.
  await alice.getByTestId(`contact-${bobJid}`).click();
  await alice.getByTestId('omemo-devices-button').click();
  const dialog = alice.getByTestId('devices-dialog');
  const row = dialog.getByTestId('devices-omemo2').getByTestId('device-row').first();
  await expect(row).toHaveAttribute('data-trust', 'blind');
  const fingerprint = bobLink.split('=')[1]!;
  await expect(row.getByTestId('device-fingerprint')).toHaveText(fingerprint);
  await dialog.getByTestId('paste-link-input').fill(bobLink);
  await dialog.getByTestId('paste-link-apply').click();
  await expect(dialog.getByTestId('paste-link-result')).toContainText('Verified 1 device');
  await expect(row).toHaveAttribute('data-trust', 'verified');
  await alice.screenshot({ path: resolve(shots, 'omemo-devices-dialog.png') });

  // Bob's account settings list his own devices: this one, with its fingerprint.
  await bob.keyboard.press('Escape');
  await openAccounts(bob);
  await bob.getByTestId('account-edit').click();
  await bob.getByTestId('own-devices-button').click();
  const own = bob.getByTestId('devices-dialog');
  const mine = own.getByTestId('devices-omemo2').getByTestId('device-row');
  await expect(mine).toHaveCount(1);
  await expect(mine).toContainText('This device');
  await expect(mine.getByTestId('device-fingerprint')).toHaveText(fingerprint);
  await bob.screenshot({ path: resolve(shots, 'omemo-own-devices.png') });
});
