import { resolve } from 'node:path';
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { expectAccessible } from './axe.js';
import {
  addAccount,
  befriend,
  dropFiles,
  openAccounts,
  png,
  send,
  shots,
  useTwoDevices,
} from './support.js';

// axe-core over every screen and dialog of the app, in the light and the dark theme: no serious
// or critical violation anywhere. Each check is recorded and the walk goes on, so one run names
// every screen that fails, not only the first.

const env = useTwoDevices();
const failures: string[] = [];

/** The theme the settings' choice sets: the root's data-theme, as ui/theme does. */
async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await page.evaluate((t) => {
    document.documentElement.dataset.theme = t;
  }, theme);
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

/**
 * The rules a theme can change: a theme only swaps colours (ui/theme's custom properties), so
 * the dark pass runs these and the light pass every rule.
 */
const colourRules = ['color-contrast', 'link-in-text-block'];

/** Runs axe on `selector` (the whole page when absent) in both themes, with a screenshot of each. */
async function check(page: Page, name: string, selector?: string): Promise<void> {
  if (selector) await expect(page.locator(selector).first()).toBeVisible();
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme);
    await test.step(`${name} (${theme})`, async () => {
      try {
        await expectAccessible(page, selector, theme === 'dark' ? colourRules : undefined);
      } catch (error) {
        const message = (error as Error).message.split('\n').slice(0, 12).join(' ');
        failures.push(`${name} (${theme}): ${message}`);
        console.log(`AXE ${name} (${theme}): ${message}`);
      }
    });
    await page.screenshot({ path: resolve(shots, `a11y-${name}-${theme}.png`) });
  }
  await setTheme(page, 'light');
}

async function closeDialog(page: Page, testId: string): Promise<void> {
  await page.keyboard.press('Escape');
  await expect(page.getByTestId(testId)).toHaveCount(0);
}

/** Esc until no dialog is open (nested dialogs close one at a time), bounded. */
async function closeAll(page: Page): Promise<void> {
  for (let i = 0; i < 5 && (await page.getByRole('dialog').count()) > 0; i++) {
    await page.keyboard.press('Escape');
    await page.waitForTimeout(100);
  }
  await expect(page.getByRole('dialog')).toHaveCount(0);
}

// A step that cannot happen fails in seconds, not at the end of the long walk's time limit.
test.use({ actionTimeout: 15_000 });

test('every screen and dialog has no serious or critical axe violation, in both themes', async ({
  browser,
}) => {
  test.setTimeout(900_000);
  const open = async () =>
    (await browser.newContext({ viewport: { width: 1280, height: 820 } })).newPage();
  const alice = await open();
  const bob = await open();
  await alice.goto(env.alice.url);
  await bob.goto(env.bob.url);
  const aliceJid = `alice@${env.server.domain}`;
  const bobJid = `bob@${env.server.domain}`;

  // First run: the sign-in form (advanced fields open) and the create-account form.
  await expect(alice.getByRole('heading', { name: 'Add an account' })).toBeVisible();
  await check(alice, 'first-run-sign-in');
  await alice.getByTestId('account-advanced-toggle').click();
  await check(alice, 'first-run-advanced');
  await alice.getByTestId('add-account-create').click();
  await check(alice, 'first-run-create');
  await alice.getByTestId('add-account-sign-in').click();
  await addAccount(alice, env.server, 'alice', 'alice-pw');
  await addAccount(bob, env.server, 'bob', 'bob-pw');
  await befriend(env.server, alice, bob);

  // A conversation with what a timeline shows: encrypted messages, a reply, a reaction, a file.
  await alice.getByTestId(`contact-${bobJid}`).click();
  await send(alice, 'Lunch at noon?');
  const questionId = await alice.getByTestId('message').last().getAttribute('data-id');
  const question = alice.locator(`[data-testid="message"][data-id="${questionId}"]`);
  await expect(question.getByTestId('encryption-mark')).toBeVisible();
  await bob.getByTestId('tab-chats').click();
  await bob.getByTestId(`conversation-${aliceJid}`).click();
  await expect(bob.getByTestId('message').last()).toContainText('Lunch at noon?');
  const onBobId = await bob.getByTestId('message').last().getAttribute('data-id');
  const onBob = bob.locator(`[data-testid="message"][data-id="${onBobId}"]`);
  await onBob.hover();
  await onBob.locator('xpath=..').getByTestId('message-menu').click();
  await bob.getByTestId('message-action-react-thumbs-up').click();
  await onBob.hover();
  await onBob.locator('xpath=..').getByTestId('message-menu').click();
  await bob.getByTestId('message-action-reply').click();
  // The composer's mode is said: its description names who is being answered.
  await expect(bob.getByTestId('composer-state')).toHaveText(/^Replying to /u);
  await send(bob, 'Yes, noon works');
  await expect(alice.getByTestId('message').last().getByTestId('reply-quote')).toBeVisible();
  await expect(question.getByTestId('reaction')).toContainText('1');
  await dropFiles(alice, [
    { name: 'menu.png', type: 'image/png', base64: png().toString('base64') },
  ]);
  await expect(alice.getByTestId('file-card').last()).toBeVisible();
  await check(alice, 'chat');

  // Editing the last message (Up in the empty composer): the mode is said, the page still clean.
  await alice.getByTestId('composer').press('ArrowUp');
  await expect(alice.getByTestId('composer-editing')).toBeVisible();
  await expect(alice.getByTestId('composer-state')).toHaveText('Editing your message');
  await check(alice, 'chat-editing', '.composer');
  await alice.getByTestId('composer').press('Escape');
  await expect(alice.getByTestId('composer-editing')).toHaveCount(0);

  // The presence menu (every state's shape) and the status dialog.
  await alice.getByTestId('presence-selector').click();
  await check(alice, 'presence-menu', '[role="menu"]');
  await alice.getByTestId('presence-edit-status').click();
  await check(alice, 'status', '[data-testid="status-dialog"]');
  await closeDialog(alice, 'status-dialog');

  // The composer's emoji picker, the conversation search, the switcher, the search dialog.
  await alice.getByTestId('emoji-button').click();
  await check(alice, 'emoji-picker', '[data-testid="emoji-picker"]');
  await closeDialog(alice, 'emoji-picker');
  await alice.keyboard.press('Control+F');
  await alice.getByTestId('conversation-search-input').fill('noon');
  await check(alice, 'conversation-search', '[data-testid="chat-view"]');
  await alice.keyboard.press('Escape');
  await alice.keyboard.press('Control+K');
  await alice.getByTestId('quick-switcher-input').fill('b');
  await check(alice, 'switcher', '[data-testid="quick-switcher"]');
  await closeDialog(alice, 'quick-switcher');
  await alice.keyboard.press('Control+Shift+F');
  await alice.getByTestId('search-input').fill('lunch');
  await expect(alice.getByTestId('search-hit').first()).toBeVisible();
  await check(alice, 'search', '[data-testid="search-dialog"]');
  await closeDialog(alice, 'search-dialog');

  // OMEMO devices and trust of the contact.
  await alice.getByTestId('omemo-devices-button').click();
  await check(alice, 'omemo-devices', '[data-testid="devices-dialog"]');
  await closeDialog(alice, 'devices-dialog');

  // The roster, a contact's details, adding a contact, the block confirmation.
  await alice.getByTestId('tab-contacts').click();
  await check(alice, 'roster');
  await alice.getByTestId(`contact-menu-${bobJid}`).click();
  await alice.getByTestId('contact-action-details').click();
  await check(alice, 'contact-details', '[data-testid="contact-details"]');
  await closeDialog(alice, 'contact-details');
  await alice.getByTestId('add-contact-button').click();
  await check(alice, 'add-contact', '[data-testid="contact-dialog"]');
  await closeDialog(alice, 'contact-dialog');
  await alice.getByTestId(`contact-menu-${bobJid}`).click();
  await alice.getByTestId('contact-action-block').click();
  await check(alice, 'confirm-block', '[data-testid="confirm-dialog"]');
  await alice.getByTestId('confirm-cancel').click();
  await expect(alice.getByTestId('confirm-dialog')).toHaveCount(0);

  // Own profile.
  await alice.getByTestId('own-profile').click();
  await check(alice, 'profile', '[data-testid="profile-dialog"]');
  await closeDialog(alice, 'profile-dialog');

  // Rooms: join (error shown), create, the room with its topic and member list, its dialogs.
  await alice.getByTestId('tab-chats').click();
  await alice.getByTestId('join-room').click();
  await alice.getByTestId('join-room-address').fill(`lounge@${env.server.mucDomain}`);
  await alice.getByTestId('join-room-nick').fill('Alice');
  await alice.getByTestId('join-room-submit').click();
  await expect(alice.getByTestId('join-room-error')).toBeVisible();
  await check(alice, 'join-room', '[data-testid="join-room-dialog"]');
  await alice.getByTestId('join-room-create').click();
  await expect(alice.getByTestId('room-header')).toHaveAttribute('data-state', 'joined');
  await send(alice, '/topic Tea at five');
  await expect(alice.getByTestId('room-header')).toContainText('Tea at five');
  await send(alice, 'Welcome, everyone');
  const list = alice.getByTestId('occupant-list');
  if (!(await list.isVisible())) await alice.getByTestId('room-occupants-toggle').click();
  await expect(list).toBeVisible();
  await check(alice, 'room');
  await alice.getByTestId('room-menu').click();
  await check(alice, 'room-menu', '[role="menu"]');
  await alice.getByTestId('room-menu-configure').click();
  await expect(alice.getByTestId('room-config-dialog').locator('input').first()).toBeVisible();
  await check(alice, 'room-config', '[data-testid="room-config-dialog"]');
  await closeDialog(alice, 'room-config-dialog');
  for (const [item, dialog] of [
    ['room-menu-invite', 'invite-dialog'],
    ['room-menu-nick', 'nick-dialog'],
    ['room-menu-members', 'room-members-dialog'],
    ['room-menu-destroy', 'destroy-room-dialog'],
  ] as const) {
    await alice.getByTestId('room-menu').click();
    await alice.getByTestId(item).click();
    await check(alice, dialog, `[data-testid="${dialog}"]`);
    await closeDialog(alice, dialog);
  }
  await alice.getByTestId('create-room').click();
  await alice.getByTestId('create-room-name').fill('Book Club');
  await check(alice, 'create-room', '[data-testid="create-room-dialog"]');
  await closeDialog(alice, 'create-room-dialog');
  await alice.getByTestId('browse-rooms').click();
  await check(alice, 'browse-rooms', '[data-testid="browse-rooms-dialog"]');
  await closeDialog(alice, 'browse-rooms-dialog');

  // Settings, each tab.
  await alice.getByTestId('open-settings').click();
  for (const tab of ['general', 'notifications', 'files', 'chats', 'encryption', 'accounts']) {
    await alice.getByTestId(`settings-tab-${tab}`).click();
    await expect(alice.getByTestId(`settings-section-${tab}`)).toBeVisible();
    await check(alice, `settings-${tab}`, '[data-testid="settings-dialog"]');
  }

  // Accounts: the list, one account's settings (blocked list, devices), adding another.
  await alice.getByTestId('manage-accounts').click();
  await check(alice, 'accounts', '[data-testid="accounts-dialog"]');
  await alice.getByTestId('account-edit').click();
  await expect(alice.getByTestId('block-address')).toBeVisible();
  await check(alice, 'account-edit', '[data-testid="accounts-dialog"]');
  await alice.getByTestId('own-devices-button').click();
  await check(alice, 'own-devices', '[data-testid="devices-dialog"]');
  await closeDialog(alice, 'devices-dialog');
  await closeAll(alice);
  await openAccounts(alice);
  await alice.getByTestId('add-account-button').click();
  await check(alice, 'add-account', '[data-testid="accounts-dialog"]');
  await closeAll(alice);

  // Server tools: discovery, commands, the XML console, server info.
  for (const [item, dialog] of [
    ['open-disco', 'disco-dialog'],
    ['open-server-commands', 'adhoc-dialog'],
    ['open-xml-console', 'xml-console'],
    ['open-server-info', 'server-info-dialog'],
  ] as const) {
    await alice.getByTestId('server-tools-menu').click();
    await alice.getByTestId(item).click();
    await check(alice, dialog, `[data-testid="${dialog}"]`);
    await closeDialog(alice, dialog);
  }

  expect(failures, 'screens with serious or critical axe-core violations').toEqual([]);
});
