import { resolve } from 'node:path';
import { expect, test } from './fixtures.js';
import { addAccount, send, shots, useTwoDevices } from './support.js';

// Rooms with XEP-0425 moderation (mod_muc_moderation, Debian's prosody-modules).
const env = useTwoDevices({ mucModeration: true });

test('edit with Up, delete for everyone, remove as a moderator with a reason', async ({
  browser,
}) => {
  const page = async () =>
    (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  const alice = await page();
  const bob = await page();
  await alice.goto(env.alice.url);
  await bob.goto(env.bob.url);
  await addAccount(alice, env.server, 'alice', 'alice-pw');
  await addAccount(bob, env.server, 'bob', 'bob-pw');
  const room = `edits@${env.server.mucDomain}`;

  // Alice creates the room (its owner, so a moderator); Bob joins it.
  await alice.getByTestId('join-room').click();
  await alice.getByTestId('join-room-address').fill(room);
  await alice.getByTestId('join-room-nick').fill('Alice');
  await alice.getByTestId('join-room-submit').click();
  await alice.getByTestId('join-room-create').click();
  await expect(alice.getByTestId('room-header')).toHaveAttribute('data-state', 'joined');
  await bob.getByTestId('join-room').click();
  await bob.getByTestId('join-room-address').fill(room);
  await bob.getByTestId('join-room-nick').fill('Bob');
  await bob.getByTestId('join-room-submit').click();
  await expect(bob.getByTestId('room-header')).toHaveAttribute('data-state', 'joined');

  // Alice mistypes, presses Up in the empty composer, fixes it, Enter: a correction.
  await send(alice, 'helo everyone');
  await expect(bob.getByTestId('message').last()).toContainText('helo everyone');
  const composer = alice.getByTestId('composer');
  await expect(composer).toHaveValue('');
  await composer.press('ArrowUp');
  await expect(alice.getByTestId('composer-editing')).toBeVisible();
  await expect(composer).toHaveValue('helo everyone');
  await composer.fill('hello everyone');
  await composer.press('Enter');
  await expect(alice.getByTestId('composer-editing')).toHaveCount(0);
  await expect(bob.getByTestId('message').last()).toContainText('hello everyone');
  await expect(bob.getByTestId('message')).toHaveCount(1);
  await expect(bob.getByTestId('edited-mark')).toBeVisible();
  await bob.getByTestId('edited-mark').click();
  await expect(bob.getByTestId('edit-version')).toHaveCount(2);
  await expect(bob.getByTestId('edit-version').first()).toContainText('helo everyone');
  await bob.screenshot({ path: resolve(shots, 'edit-history.png') });
  await bob.keyboard.press('Escape');

  // Alice deletes a message for everyone from its menu (hover button).
  await send(alice, 'my phone number is 555-0100');
  const secret = bob.getByTestId('message').last();
  await expect(secret).toContainText('555-0100');
  const mine = alice.getByTestId('message').last();
  await mine.hover();
  await alice.getByTestId('message-menu').last().click();
  await alice.getByTestId('message-action-retract').click();
  await alice.getByTestId('confirm-dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(bob.getByTestId('tombstone').last()).toHaveText('This message was deleted');
  await expect(alice.getByTestId('tombstone').last()).toHaveText('This message was deleted');

  // Bob posts spam; Alice removes it as moderator, by right-click, with a reason.
  await send(bob, 'buy cheap watches');
  const spam = alice.getByTestId('message').last();
  await expect(spam).toContainText('buy cheap watches');
  await spam.click({ button: 'right' });
  await alice.getByTestId('message-action-moderate').click();
  await alice.getByTestId('reason-input').fill('no advertising');
  await alice.getByTestId('reason-confirm').click();
  await expect(bob.getByTestId('tombstone').last()).toHaveText(
    'This message was removed by a moderator: no advertising',
  );
  await expect(alice.getByTestId('tombstone').last()).toHaveText(
    'This message was removed by a moderator: no advertising',
  );
  // Bob is no moderator: his menu on Alice's message offers no removal.
  const alicesOnBob = bob.getByTestId('message').first();
  await alicesOnBob.click({ button: 'right' });
  await expect(bob.getByTestId('message-action-moderate')).toHaveCount(0);
  await bob.keyboard.press('Escape');
  await alice.screenshot({ path: resolve(shots, 'edits-room.png') });
  await bob.screenshot({ path: resolve(shots, 'edits-room-bob.png') });
});
