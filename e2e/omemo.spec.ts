// Issue 10, "Users" and "Proof": two Parley users turn OMEMO on in the settings, the chat's lock
// is on by itself once the contact has devices, messages go both ways encrypted (each bubble
// says so, the server's archive holds no text), the lock turned off sends in the clear (and the
// bubble says that), and a message encrypted for other devices only says why it cannot be read.
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { testClient } from '@parley/testkit';
import { buildEncrypted } from '@parley/xmpp';
import { xml } from '@xmpp/client';
import { serverArchive } from './server-archive.js';
import {
  addAccount,
  befriend,
  dropFiles,
  png,
  send,
  setOmemo,
  shots,
  useTwoDevices,
} from './support.js';

const env = useTwoDevices();

const lastBubble = (page: Page) => page.getByTestId('message').last();

test('OMEMO between two Parley users: on by default, both ways, off again, not for this device', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const open = async () =>
    (await browser.newContext({ viewport: { width: 1100, height: 720 } })).newPage();
  const alice = await open();
  const bob = await open();
  await alice.goto(env.alice.url);
  await bob.goto(env.bob.url);
  await addAccount(alice, env.server, 'alice', 'alice-pw');
  await addAccount(bob, env.server, 'bob', 'bob-pw');
  const aliceJid = `alice@${env.server.domain}`;
  const bobJid = `bob@${env.server.domain}`;
  await befriend(env.server, alice, bob);

  // With the setting off, the lock says OMEMO is off in the settings.
  await setOmemo(alice, false);
  await alice.getByTestId(`contact-${bobJid}`).click();
  const aliceLock = alice.getByTestId('omemo-lock');
  await expect(aliceLock).toHaveAttribute('title', 'OMEMO is off in the settings');
  await expect(aliceLock).toBeDisabled();
  await alice
    .getByTestId('chat-header')
    .screenshot({ path: resolve(shots, 'omemo-lock-setting-off.png') });

  // Both turn OMEMO on; Alice's open chat follows, and once Bob's devices are known it is on by
  // itself (nobody clicked the lock).
  await setOmemo(bob, true);
  await setOmemo(alice, true);
  await expect(aliceLock).toHaveAttribute('data-state', 'on', { timeout: 30_000 });
  await expect(aliceLock).toBeEnabled();
  await alice.getByTestId('chat-header').screenshot({ path: resolve(shots, 'omemo-lock-on.png') });

  // Alice writes; her bubble and Bob's carry the lock.
  await send(alice, 'The meeting point is the old mill');
  await expect(lastBubble(alice)).toHaveAttribute('data-status', 'delivered', { timeout: 30_000 });
  await expect(lastBubble(alice).getByTestId('encryption-mark')).toBeVisible();
  await bob.getByTestId('tab-chats').click();
  await bob.getByTestId(`conversation-${aliceJid}`).click();
  await expect(lastBubble(bob)).toContainText('The meeting point is the old mill');
  await expect(lastBubble(bob).getByTestId('encryption-mark')).toBeVisible();
  await expect(bob.getByTestId('omemo-lock')).toHaveAttribute('data-state', 'on');

  // Bob answers, encrypted too.
  await send(bob, 'See you there at noon');
  await expect(lastBubble(alice)).toContainText('See you there at noon', { timeout: 30_000 });
  await expect(lastBubble(alice).getByTestId('encryption-mark')).toBeVisible();
  await expect(lastBubble(bob).getByTestId('encryption-mark')).toBeVisible();
  await expect(alice.getByTestId('decrypt-error')).toHaveCount(0);
  await alice.screenshot({ path: resolve(shots, 'omemo-chat.png') });

  // The server stored both, encrypted, and neither text.
  const stored = await serverArchive(env.server, 'alice', 'alice-pw');
  const chat = stored.filter((m) => m.encrypted !== null);
  expect(chat.length).toBeGreaterThanOrEqual(2);
  for (const m of stored) {
    expect(m.body ?? '').not.toContain('old mill');
    expect(m.body ?? '').not.toContain('noon');
  }

  // The trust dialog: Bob's device is trusted blindly (BTBV); Alice compares its fingerprint
  // with the one Bob's own dialog shows, and marks it verified.
  await bob.getByTestId('omemo-devices-button').click();
  const bobLink = (await bob.getByTestId('own-link-text').textContent()) ?? '';
  const bobFingerprint = bobLink.split('=')[1] ?? '';
  expect(bobFingerprint).toMatch(/^[0-9a-f]{64}$/u);
  await bob.keyboard.press('Escape');
  await expect(bob.getByTestId('devices-dialog')).toHaveCount(0);
  await alice.getByTestId('omemo-devices-button').click();
  const dialog = alice.getByTestId('devices-dialog');
  const row = dialog.getByTestId('devices-omemo2').getByTestId('device-row').first();
  await expect(row).toHaveAttribute('data-trust', 'blind');
  await expect(row.getByTestId('device-fingerprint')).toHaveText(bobFingerprint);
  await alice.screenshot({ path: resolve(shots, 'omemo-trust-dialog.png') });
  // A controlled radio: checked once the backend has stored the decision.
  await row.getByTestId('trust-verified').click();
  await expect(row).toHaveAttribute('data-trust', 'verified');
  await alice.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  // Bob's next message comes from a verified device: the lock, without "unverified device".
  await send(bob, 'Verified now');
  await expect(lastBubble(alice)).toContainText('Verified now', { timeout: 30_000 });
  const verifiedMark = lastBubble(alice).getByTestId('encryption-mark');
  await expect(verifiedMark).toBeVisible();
  await expect(verifiedMark).not.toContainText('unverified');

  // A photo dropped on the encrypted chat goes encrypted (XEP-0454): Bob's copy downloads by
  // itself, decrypted, and its bubble carries the lock; the server never sees its address.
  await dropFiles(alice, [
    { name: 'secret-map.png', type: 'image/png', base64: png().toString('base64') },
  ]);
  const bobCard = bob.getByTestId('file-card').last();
  await expect(bobCard.getByTestId('file-preview')).toBeVisible({ timeout: 30_000 });
  await expect(lastBubble(bob).getByTestId('file-card')).toHaveCount(1);
  await expect(lastBubble(bob).getByTestId('encryption-mark')).toBeVisible();
  await bob.screenshot({ path: resolve(shots, 'omemo-encrypted-file.png') });
  const withFile = await serverArchive(env.server, 'alice', 'alice-pw');
  for (const m of withFile) expect(m.body ?? '').not.toMatch(/aesgcm:|https?:\/\//u);

  // Alice turns the lock off: her next message goes in the clear and both bubbles say so.
  await aliceLock.click();
  await expect(aliceLock).toHaveAttribute('data-state', 'off');
  await expect(aliceLock).toBeEnabled();
  await alice.getByTestId('chat-header').screenshot({ path: resolve(shots, 'omemo-lock-off.png') });
  await send(alice, 'This one is not secret');
  await expect(lastBubble(alice)).toHaveAttribute('data-status', 'delivered', { timeout: 30_000 });
  await expect(lastBubble(alice).getByTestId('encryption-mark')).toHaveCount(0);
  await expect(lastBubble(alice).getByTestId('plain-mark')).toBeVisible();
  await expect(lastBubble(bob)).toContainText('This one is not secret');
  await expect(lastBubble(bob).getByTestId('encryption-mark')).toHaveCount(0);
  await expect(lastBubble(bob).getByTestId('plain-mark')).toBeVisible();
  const after = await serverArchive(env.server, 'alice', 'alice-pw');
  expect(after.find((m) => m.body === 'This one is not secret')?.encrypted).toBeNull();
  await alice.screenshot({ path: resolve(shots, 'omemo-chat-lock-off.png') });

  // Bob's other device (a plain client) sends an OMEMO message encrypted for devices other than
  // Alice's: she sees why it cannot be read, never the fallback body.
  const other = await testClient(env.server, 'bob', 'bob-pw');
  try {
    await other.send(
      xml(
        'message',
        { to: aliceJid, type: 'chat', id: `e2e-${randomBytes(4).toString('hex')}` },
        buildEncrypted({
          version: 'legacy',
          sid: 424242,
          keys: [{ rid: 777777, prekey: false, data: randomBytes(48) }],
          iv: randomBytes(12),
          payload: randomBytes(24),
        }),
        xml(
          'body',
          {},
          'I sent you an OMEMO encrypted message but your client does not support it.',
        ),
        xml('store', { xmlns: 'urn:xmpp:hints' }),
      ),
    );
    const note = lastBubble(alice).getByTestId('decrypt-error');
    await expect(note).toHaveAttribute('data-code', 'not-for-this-device', { timeout: 30_000 });
    await expect(note).toContainText('Encrypted for other devices only');
    await expect(lastBubble(alice)).not.toContainText('does not support it');
    await alice.screenshot({ path: resolve(shots, 'omemo-decrypt-error.png') });
  } finally {
    await other.stop().catch(() => {});
  }
});
