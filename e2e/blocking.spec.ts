import { resolve } from 'node:path';
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { testClient } from '@parley/testkit';
import { xml } from '@xmpp/client';
import { expectAccessible } from './axe.js';
import {
  addAccount,
  befriend,
  openAccounts,
  send,
  setOmemo,
  shots,
  useTwoDevices,
} from './support.js';

const env = useTwoDevices();

async function openContactMenu(page: Page, jid: string): Promise<void> {
  await page.getByTestId('tab-contacts').click();
  await page.getByTestId(`contact-${jid}`).click({ button: 'right' });
}

test('block and unblock from the contact menu, the blocked list, report, invite suggestions', async ({
  browser,
}) => {
  const page = async () =>
    (await browser.newContext({ viewport: { width: 1200, height: 800 } })).newPage();
  const alice = await page();
  const bob = await page();
  await alice.goto(env.alice.url);
  await bob.goto(env.bob.url);
  await addAccount(alice, env.server, 'alice', 'alice-pw');
  await addAccount(bob, env.server, 'bob', 'bob-pw');
  // In the clear: what is blocked is the point here, not what is encrypted.
  await setOmemo(alice, false);
  await setOmemo(bob, false);
  await befriend(env.server, alice, bob);
  const aliceJid = `alice@${env.server.domain}`;
  const bobJid = `bob@${env.server.domain}`;

  // Bob writes; Alice reads it.
  await bob.getByTestId(`contact-${aliceJid}`).click();
  await send(bob, 'before the block');
  await alice.getByTestId('tab-chats').click();
  await alice.getByTestId(`conversation-${bobJid}`).click();
  await expect(alice.getByTestId('message').last()).toContainText('before the block');

  // Alice blocks Bob from her contact menu, after saying what a block does.
  await openContactMenu(alice, bobJid);
  await expect(alice.getByTestId('contact-action-sendFile')).toBeVisible();
  await expect(alice.getByTestId('contact-action-invite')).toBeVisible();
  await alice.getByTestId('contact-action-block').click();
  await expect(alice.getByTestId('confirm-dialog')).toContainText('Block');
  await expectAccessible(alice, '[data-testid="confirm-dialog"]');
  await alice.screenshot({ path: resolve(shots, 'blocking-confirm.png') });
  await alice.getByTestId('confirm-ok').click();
  await expect(alice.getByTestId(`contact-${bobJid}`)).toHaveAttribute('data-blocked', 'true');
  await expect(alice.getByTestId(`contact-${bobJid}`)).toContainText('Blocked');

  // Bob's next message never reaches Alice: it fails on his side, with why.
  await send(bob, 'while blocked');
  const refused = bob.getByTestId('message').last();
  await expect(refused).toHaveAttribute('data-status', 'failed');
  await expect(bob.getByText(/may have blocked you/).first()).toBeVisible();
  await alice.getByTestId('tab-chats').click();
  await alice.getByTestId(`conversation-${bobJid}`).click();
  await expect(alice.getByTestId('blocked-banner')).toContainText('You have blocked');
  // Nothing to write to someone blocked: the composer says so until they are unblocked.
  await expect(alice.getByTestId('composer')).toBeDisabled();
  await expect(alice.getByTestId('composer')).toHaveAttribute('placeholder', /unblock them/);
  await alice.screenshot({ path: resolve(shots, 'blocking-chat.png') });
  await expect(alice.getByText('while blocked')).toHaveCount(0);

  // The blocked list in the account's settings: Bob there; a whole server blocked and unblocked.
  await openAccounts(alice);
  await alice.getByTestId('account-edit').click();
  await expect(alice.getByTestId(`blocked-${bobJid}`)).toBeVisible();
  await alice.getByTestId('block-address').fill('spam.example');
  await alice.getByTestId('block-address-submit').click();
  await expect(alice.getByTestId('blocked-spam.example')).toContainText('whole server');
  await expectAccessible(alice, '[data-testid="accounts-dialog"]');
  await alice.getByTestId('blocked-list').scrollIntoViewIfNeeded();
  await alice.screenshot({ path: resolve(shots, 'blocking-settings.png') });
  await alice.getByTestId('unblock-spam.example').click();
  await expect(alice.getByTestId('blocked-spam.example')).toHaveCount(0);
  await alice.keyboard.press('Escape');
  await alice.keyboard.press('Escape');

  // Unblocked from the contact menu: Bob's messages arrive again.
  await openContactMenu(alice, bobJid);
  await alice.getByTestId('contact-action-unblock').click();
  await expect(alice.getByTestId(`contact-${bobJid}`)).toHaveAttribute('data-blocked', 'false');
  await send(bob, 'after the unblock');
  await alice.getByTestId('tab-chats').click();
  await alice.getByTestId(`conversation-${bobJid}`).click();
  await expect(alice.getByTestId('message').last()).toContainText('after the unblock');
  await expect(alice.getByTestId('blocked-banner')).toHaveCount(0);
  await expect(alice.getByTestId('composer')).toBeEnabled();

  // Send file… from the contact menu: the file picker, then the chat's confirm step.
  await openContactMenu(alice, bobJid);
  const chooser = alice.waitForEvent('filechooser');
  await alice.getByTestId('contact-action-sendFile').click();
  await (
    await chooser
  ).setFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hi') });
  await expect(alice.getByTestId('send-files-dialog')).toBeVisible();
  await expect(alice.getByTestId('chat-view')).toHaveAttribute('data-peer', bobJid);
  await expect(alice.getByTestId('staged-file')).toContainText('notes.txt');
  await alice.keyboard.press('Escape');
  await expect(alice.getByTestId('send-files-dialog')).toHaveCount(0);

  // Report spam from a message's menu (this server takes no reports: it only blocks, and says so).
  const last = alice.getByTestId('message').last();
  await last.hover();
  await last.locator('xpath=..').getByTestId('message-menu').click();
  await alice.getByTestId('message-action-report').click();
  await expect(alice.getByTestId('report-dialog')).toContainText('does not take spam reports');
  await expectAccessible(alice, '[data-testid="report-dialog"]');
  await alice.screenshot({ path: resolve(shots, 'blocking-report.png') });
  await alice.keyboard.press('Escape');
  await expect(alice.getByTestId('report-dialog')).toHaveCount(0);

  // A room: the invite dialog suggests contacts as Alice types, by keyboard.
  const room = `blockers@${env.server.mucDomain}`;
  await alice.getByTestId('join-room').click();
  await alice.getByTestId('join-room-address').fill(room);
  await alice.getByTestId('join-room-nick').fill('Alice');
  await alice.getByTestId('join-room-submit').click();
  await alice.getByTestId('join-room-create').click();
  await expect(alice.getByTestId('room-header')).toHaveAttribute('data-state', 'joined');
  await alice.getByTestId('room-menu').click();
  await alice.getByTestId('room-menu-invite').click();
  const field = alice.getByTestId('invite-jid');
  await field.pressSequentially('bo');
  await expect(alice.getByTestId(`suggestion-${bobJid}`)).toBeVisible();
  await expect(field).toHaveAttribute('aria-expanded', 'true');
  await expectAccessible(alice, '[data-testid="invite-dialog"]');
  await alice.screenshot({ path: resolve(shots, 'blocking-invite-suggestions.png') });
  await field.press('ArrowDown');
  await field.press('Enter');
  await expect(field).toHaveValue(bobJid);
  await alice.getByTestId('invite-submit').click();
  await expect(alice.getByTestId('invite-dialog')).toHaveCount(0);

  // And from the contact menu: Invite to room… lists the rooms Alice is in.
  await openContactMenu(alice, bobJid);
  await alice.getByTestId('contact-action-invite').click();
  await expect(alice.getByTestId(`invite-room-${room}`)).toBeChecked();
  await expectAccessible(alice, '[data-testid="invite-to-room-dialog"]');
  await alice.screenshot({ path: resolve(shots, 'blocking-invite-to-room.png') });
  await alice.getByTestId('invite-to-room-submit').click();
  await expect(alice.getByTestId('invite-to-room-dialog')).toHaveCount(0);

  // A stranger writes: the chat offers Add contact / Block / Report spam; Block ends it.
  await env.server.createUser('stranger', 'stranger-pw');
  const stranger = await testClient(env.server, 'stranger', 'stranger-pw');
  const strangerJid = `stranger@${env.server.domain}`;
  try {
    await stranger.send(
      xml('message', { to: aliceJid, type: 'chat', id: 'spam-1' }, xml('body', {}, 'cheap pills')),
    );
    await alice.getByTestId('tab-chats').click();
    await alice.getByTestId(`conversation-${strangerJid}`).click();
    await expect(alice.getByTestId('stranger-banner')).toContainText('not in your contacts');
    await expectAccessible(alice, '[data-testid="stranger-banner"]');
    await alice.screenshot({ path: resolve(shots, 'blocking-stranger.png') });
    await alice.getByTestId('stranger-block').click();
    await expect(alice.getByTestId('blocked-banner')).toBeVisible();
    await expect(alice.getByTestId('stranger-banner')).toHaveCount(0);
  } finally {
    await stranger.stop().catch(() => {});
  }
});
