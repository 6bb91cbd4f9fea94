// Issue 13, second half: Profanity's commands typed in Parley's composers against a real
// Prosody, with OMEMO on and a file sent; completion, /help, a mistake in words, and the
// command palette (Ctrl+Shift+P) running a typed command and an app action.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { expectAccessible } from './axe.js';
import { addAccount, setOmemo, shots, useTwoDevices } from './support.js';

const env = useTwoDevices();

/** Types a command in the open composer and sends it with Enter. */
async function command(page: Page, text: string): Promise<void> {
  const composer = page.getByTestId('composer');
  await composer.fill(text);
  await composer.press('Enter');
  await expect(composer).toHaveValue('');
}

test('Profanity commands end to end: roster, msg, join, omemo, sendfile; help; palette', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const open = async () =>
    (await browser.newContext({ viewport: { width: 1100, height: 720 } })).newPage();
  const [alice, bob] = await Promise.all([open(), open()]);
  await Promise.all([alice.goto(env.alice.url), bob.goto(env.bob.url)]);
  await Promise.all([
    addAccount(alice, env.server, 'alice', 'alice-pw'),
    addAccount(bob, env.server, 'bob', 'bob-pw'),
  ]);
  await Promise.all([setOmemo(alice, true), setOmemo(bob, true)]);
  const aliceJid = `alice@${env.server.domain}`;
  const bobJid = `bob@${env.server.domain}`;
  const room = `chatroom@${env.server.mucDomain}`;

  // No conversation is open yet: the palette runs the first command.
  await alice.keyboard.press('Control+Shift+P');
  const palette = alice.getByTestId('command-palette');
  await expect(palette).toBeVisible();
  await alice.getByTestId('command-palette-input').fill('sett');
  await expect(alice.getByTestId('command-palette-option').first()).toHaveAttribute(
    'data-action',
    'settings',
  );
  await palette.screenshot({ path: resolve(shots, 'command-palette.png') });
  await expectAccessible(alice, '[data-testid="command-palette"]');
  await alice.getByTestId('command-palette-input').fill(`/roster add ${bobJid} Bob`);
  await alice.keyboard.press('Enter');
  await expect(palette).toHaveCount(0);
  await bob.getByTestId('tab-contacts').click();
  await bob.getByTestId(`subscription-accept-${aliceJid}`).click();
  await alice.getByTestId('tab-contacts').click();
  await expect(alice.getByTestId(`contact-${bobJid}`)).toContainText('Bob');
  await expect(alice.getByTestId(`contact-${bobJid}`)).toHaveAttribute('data-show', 'available');

  // /msg from the palette opens the chat and sends the text as typed.
  await alice.keyboard.press('Control+Shift+P');
  await alice.getByTestId('command-palette-input').fill(`/msg ${bobJid} Hey, are you around?`);
  await alice.keyboard.press('Enter');
  await expect(alice.getByTestId('message').last()).toContainText('Hey, are you around?');
  await bob.getByTestId('tab-chats').click();
  await bob.getByTestId(`conversation-${aliceJid}`).click();
  await expect(bob.getByTestId('message').last()).toContainText('Hey, are you around?');
  // OMEMO is on for both: the command's message went encrypted, and Bob's bubble says so.
  await expect(bob.getByTestId('message').last().getByTestId('encryption-mark')).toBeVisible();

  // The same commands typed in the chat's composer: /msg sends, /roster add adds Carol.
  await command(alice, `/msg ${bobJid} Typed in the composer`);
  await expect(alice.getByTestId('message').last()).toContainText('Typed in the composer');
  await expect(bob.getByTestId('message').last()).toContainText('Typed in the composer');
  await expect(bob.getByTestId('message').last().getByTestId('encryption-mark')).toBeVisible();
  const carolJid = `carol@${env.server.domain}`;
  await command(alice, `/roster add ${carolJid} Carol`);
  await alice.getByTestId('tab-contacts').click();
  await expect(alice.getByTestId(`contact-${carolJid}`)).toContainText('Carol');
  await alice.getByTestId('tab-chats').click();

  // /help, and a mistake said in words with the text kept.
  await command(alice, '/help');
  await expect(alice.getByTestId('composer-note')).toContainText('/roster add');
  const composer = alice.getByTestId('composer');
  await composer.fill('/rooster add x@y.z');
  await composer.press('Enter');
  await expect(alice.getByTestId('composer-error')).toContainText('Did you mean /roster?');
  await expect(composer).toHaveValue('/rooster add x@y.z');

  // Completion: the command, then its sub-command chosen with the arrows.
  await composer.fill('');
  await composer.pressSequentially('/om');
  const list = alice.getByTestId('command-suggestions');
  await expect(list.getByTestId('command-suggestion')).toHaveText([/\/omemo/]);
  await composer.press('Tab');
  await expect(composer).toHaveValue('/omemo ');
  await expect(list.getByTestId('command-suggestion')).toHaveCount(3);
  await composer.press('ArrowDown');
  await composer.press('ArrowDown');
  await expect(composer).toHaveAttribute('aria-activedescendant', /.+/);
  await alice
    .getByTestId('composer')
    .locator('..')
    .locator('..')
    .screenshot({
      path: resolve(shots, 'command-completion.png'),
    });
  await expectAccessible(alice, '.composer');
  await composer.press('Enter');
  await expect(composer).toHaveValue('/omemo disable ');
  // Bob's devices known, then /omemo disable (no address: this chat's) turns the lock off.
  const lock = alice.getByTestId('omemo-lock');
  await expect(lock).toBeEnabled({ timeout: 30_000 });
  await composer.press('Enter');
  await expect(lock).toHaveAttribute('data-state', 'off');

  // /join from the chat's composer: the room opens, joined.
  await command(alice, `/join ${room}`);
  await expect(alice.getByTestId('room-header')).toHaveAttribute('data-state', 'joined');

  // From the room's composer: OMEMO on for Bob, then a file to him through the file dialog.
  await command(alice, `/omemo enable ${bobJid}`);
  const path = join(env.alice.profile, 'minutes.txt');
  writeFileSync(path, 'Minutes of the meeting at the old mill\n');
  const chooser = alice.waitForEvent('filechooser');
  await command(alice, `/sendfile ${bobJid} ${path}`);
  await (await chooser).setFiles(path);
  await expect(alice.getByTestId('chat-header')).toBeVisible();
  await expect(lock).toHaveAttribute('data-state', 'on');
  await expect(alice.getByTestId('staged-file')).toHaveCount(1);
  await alice.getByTestId('send-files-confirm').click();
  const bobCard = bob.getByTestId('file-card').last();
  await expect(bobCard).toContainText('minutes.txt', { timeout: 30_000 });
  await expect(bob.getByTestId('message').last().getByTestId('encryption-mark')).toBeVisible();
  // Bob has the very bytes Alice chose, decrypted, in his downloads.
  if ((await bobCard.getAttribute('data-state')) === 'offered')
    await bobCard.getByTestId('file-download').click();
  await expect(bobCard).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  const received = join(env.bob.profile, 'Downloads', 'minutes.txt');
  await expect.poll(() => existsSync(received)).toBe(true);
  expect(readFileSync(received)).toEqual(readFileSync(path));

  // /omemo fingerprint opens Bob's devices with their fingerprints.
  await command(alice, '/omemo fingerprint');
  await expect(alice.getByTestId('devices-dialog')).toContainText(bobJid);
  await alice.keyboard.press('Escape');
  await expect(alice.getByTestId('devices-dialog')).toHaveCount(0);

  // The palette runs an app action too: settings, by name.
  await alice.keyboard.press('Control+Shift+P');
  await alice.getByTestId('command-palette-input').fill('settings');
  await alice.keyboard.press('Enter');
  await expect(alice.getByTestId('settings-dialog')).toBeVisible();
});
