import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { startProsody, type TestServer } from '@parley/testkit';
import { addAccount, send, startHost, type Host } from './support.js';

const shots = resolve(import.meta.dirname, '../test-results/screenshots');
let server: TestServer;
let aliceHost: Host;
let bobHost: Host;

test.beforeAll(async () => {
  server = await startProsody({
    users: [
      { local: 'alice', password: 'alice-pw' },
      { local: 'bob', password: 'bob-pw' },
    ],
  });
  // Two devices, each with its own encrypted profile: alice's computer and bob's.
  [aliceHost, bobHost] = await Promise.all([startHost(server.caPem), startHost(server.caPem)]);
  mkdirSync(shots, { recursive: true });
});

test.afterAll(async () => {
  await Promise.all([aliceHost?.stop(), bobHost?.stop()]);
  await server?.stop();
});

test('two people add each other and chat both ways; history survives a reload', async ({
  browser,
}) => {
  const alice = await (
    await browser.newContext({ viewport: { width: 1200, height: 780 } })
  ).newPage();
  const bob = await (
    await browser.newContext({ viewport: { width: 1200, height: 780 } })
  ).newPage();
  await alice.goto(aliceHost.url);
  await bob.goto(bobHost.url);
  await addAccount(alice, server, 'alice', 'alice-pw');
  await addAccount(bob, server, 'bob', 'bob-pw');

  // Alice adds Bob; Bob sees the request and accepts.
  const bobJid = `bob@${server.domain}`;
  const aliceJid = `alice@${server.domain}`;
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

  await alice.screenshot({ path: resolve(shots, 'main-window.png') });

  // After a reload everything comes back from the encrypted store.
  await alice.reload();
  await alice.getByTestId('tab-chats').click();
  await alice.getByTestId(`conversation-${bobJid}`).click();
  await expect(alice.getByTestId('message')).toHaveCount(2);
  await expect(alice.getByTestId('message').first()).toContainText('Hi Bob!');
  await expect(alice.getByTestId('message').last()).toContainText('Hello Alice');
});
