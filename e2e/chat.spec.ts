import { resolve } from 'node:path';
import { expect, test } from './fixtures.js';
import { addAccount, send, shots, useTwoDevices } from './support.js';

const env = useTwoDevices();

test('two people add each other and chat both ways; history survives a reload', async ({
  browser,
}) => {
  const alice = await (
    await browser.newContext({ viewport: { width: 1200, height: 780 } })
  ).newPage();
  const bob = await (
    await browser.newContext({ viewport: { width: 1200, height: 780 } })
  ).newPage();
  await alice.goto(env.alice.url);
  await bob.goto(env.bob.url);
  await addAccount(alice, env.server, 'alice', 'alice-pw');
  await addAccount(bob, env.server, 'bob', 'bob-pw');

  // Alice adds Bob; Bob sees the request and accepts.
  const bobJid = `bob@${env.server.domain}`;
  const aliceJid = `alice@${env.server.domain}`;
  await alice.getByTestId('tab-contacts').click();
  await alice.getByTestId('add-contact-button').click();
  await alice.getByTestId('add-contact-jid').fill(bobJid);
  await alice.getByTestId('contact-name-input').fill('Bob Builder');
  await alice.getByTestId('contact-groups-input').fill('Friends');
  await alice.getByTestId('contact-submit').click();
  await bob.getByTestId('tab-contacts').click();
  await bob.getByTestId(`subscription-accept-${aliceJid}`).click();
  await expect(alice.getByTestId(`contact-${bobJid}`)).toHaveAttribute('data-show', 'available');
  await expect(bob.getByTestId(`contact-${aliceJid}`)).toHaveAttribute('data-show', 'available');
  await expect(alice.getByTestId('roster-group-Friends')).toBeVisible();

  // Alice opens the chat from her roster and writes; a hostile-looking body stays text.
  await alice.getByTestId(`contact-${bobJid}`).click();
  await send(alice, 'Hi Bob! <img src=x onerror=alert(1)> see https://xmpp.org');
  const aliceLast = alice.getByTestId('message').last();
  await expect(aliceLast).toHaveAttribute('data-direction', 'out');
  await expect(aliceLast).toHaveAttribute('data-status', 'delivered');
  // Two Parley users: OMEMO is on by default, so the chat is encrypted (issue 10).
  await expect(aliceLast.getByTestId('encryption-mark')).toBeVisible();
  await expect(aliceLast.locator('img')).toHaveCount(0);
  await expect(aliceLast.getByRole('link', { name: 'https://xmpp.org' })).toHaveAttribute(
    'href',
    'https://xmpp.org/',
  );

  // Bob sees it in his conversation list, unread, opens it and answers on two lines.
  await bob.getByTestId('tab-chats').click();
  const conversation = bob.getByTestId(`conversation-${aliceJid}`);
  await expect(conversation).toHaveAttribute('data-unread', '1');
  await conversation.click();
  await expect(bob.getByTestId('message').last()).toContainText('Hi Bob!');
  const composer = bob.getByTestId('composer');
  await composer.fill('Hello Alice');
  await composer.press('Shift+Enter');
  await composer.pressSequentially('second line');
  await composer.press('Enter');
  await expect(alice.getByTestId('message').last()).toContainText('second line');
  await expect(alice.getByTestId('message').last()).toHaveAttribute('data-direction', 'in');
  await expect(alice.getByTestId('message')).toHaveCount(2);
  await expect(alice.getByTestId('message').last().getByTestId('encryption-mark')).toBeVisible();

  await alice.screenshot({ path: resolve(shots, 'main-window.png') });

  // After a reload everything comes back from the encrypted store.
  await alice.reload();
  await alice.getByTestId('tab-chats').click();
  await alice.getByTestId(`conversation-${bobJid}`).click();
  await expect(alice.getByTestId('message')).toHaveCount(2);
  await expect(alice.getByTestId('message').first()).toContainText('Hi Bob!');
  await expect(alice.getByTestId('message').last()).toContainText('Hello Alice');
});
