import { expect, test } from './fixtures.js';
import { aliceAndBobFriends, send, useTwoDevices } from './support.js';

const env = useTwoDevices();

/*
 * What a screen reader is given, read from Chromium's own accessibility tree (the tree NVDA,
 * Orca and VoiceOver read through the platform's API), not from the DOM: names, roles, the
 * live log's lines. ui/screen-reader.test.tsx checks the same in jsdom; this is the browser.
 */
test('a screen reader hears contacts, the conversation list, new messages once, and the composer', async ({
  browser,
}) => {
  const { alice, bob } = await aliceAndBobFriends(browser, env);
  const aliceJid = `alice@${env.server.domain}`;
  const bobJid = `bob@${env.server.domain}`;

  // The roster: a named list, each contact a button read as name and presence in words, with
  // its actions button beside it; the group header says how many are online.
  await expect(bob.getByRole('complementary')).toMatchAriaSnapshot(`
    - tabpanel "Contacts":
      - list:
        - listitem:
          - button "Contacts 1 of 1 online" [expanded]
      - list "Contacts":
        - listitem:
          - button "alice Available"
          - button "Actions for alice"
  `);

  // Alice writes first: Bob's conversation list reads the row whole, the count in words.
  await alice.getByTestId(`contact-${bobJid}`).click();
  await send(alice, 'first words');
  await bob.getByTestId('tab-chats').click();
  await expect(bob.getByTestId(`conversation-${aliceJid}`)).toHaveAttribute('data-unread', '1');
  await expect(bob.getByRole('list', { name: 'Conversations' })).toMatchAriaSnapshot(`
    - listitem:
      - button /alice@localhost.*Available.*first words.*1 unread/
  `);
  await expect(bob.getByRole('tab', { name: 'Chats (1)' })).toHaveAttribute(
    'aria-selected',
    'true',
  );

  // Opened: a region named for the conversation; the history is in a log that is not live,
  // and none of it is announced.
  await bob.getByTestId(`conversation-${aliceJid}`).click();
  await expect(bob.getByRole('region', { name: `Conversation with ${aliceJid}` })).toBeVisible();
  const history = bob.getByRole('log', { name: 'Messages', exact: true });
  await expect(history).toHaveAttribute('aria-live', 'off');
  await expect(history).toContainText('first words');
  const live = bob.getByRole('log', { name: 'New messages', exact: true });
  await expect(live).toHaveAttribute('aria-live', 'polite');
  await expect(live.getByRole('paragraph')).toHaveCount(0);

  // A new message is announced once, with who wrote it; Bob's own answer is not.
  await send(alice, 'are you there?');
  await expect(live).toMatchAriaSnapshot(`
    - log "New messages":
      - paragraph: "alice@localhost: are you there?"
  `);
  const composer = bob.getByRole('combobox', { name: `Message to ${aliceJid}` });
  await expect(composer).toBeVisible();
  await composer.fill('yes, here');
  await composer.press('Enter');
  await expect(history).toContainText('yes, here');
  await expect(live.getByRole('paragraph')).toHaveCount(1);

  // The encryption of a message is read with it, in words.
  await expect(history).toMatchAriaSnapshot(`
    - log "Messages":
      - text: are you there? unverified device
      - time
      - button "Add reaction"
      - button "Actions for this message"
      - text: /yes, here Encrypted/
  `);

  // Replying is the composer's mode, given to a screen reader as its description.
  await bob
    .getByTestId('message')
    .filter({ hasText: 'are you there?' })
    .locator('xpath=..')
    .focus();
  await bob.keyboard.press('r');
  await expect(composer).toBeFocused();
  await expect(composer).toHaveAccessibleDescription(/Replying to/);
});
