import { resolve } from 'node:path';
import { expect, test } from './fixtures.js';
import { addAccount, send, shots, useTwoDevices } from './support.js';

const env = useTwoDevices();

interface Recorded {
  __notifications: Array<{ title: string; body: string }>;
}

/** Stands in for the system's notifications (headless Chromium shows none): records them. */
function recordNotifications() {
  const shown: Array<{ title: string; body: string }> = [];
  (window as unknown as Recorded).__notifications = shown;
  class RecordedNotification {
    static permission = 'granted';
    static requestPermission = () => Promise.resolve('granted');
    onclick: (() => void) | null = null;
    constructor(title: string, options?: { body?: string }) {
      shown.push({ title, body: options?.body ?? '' });
    }
    close() {}
  }
  Object.defineProperty(window, 'Notification', { value: RecordedNotification });
}

test('create a room, find it by browsing, talk in it, see occupants, write privately', async ({
  browser,
}) => {
  const page = async () =>
    (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  const alice = await page();
  const bob = await page();
  await bob.addInitScript(recordNotifications);
  await alice.goto(env.alice.url);
  await bob.goto(env.bob.url);
  await addAccount(alice, env.server, 'alice', 'alice-pw');
  await addAccount(bob, env.server, 'bob', 'bob-pw');
  const room = `lounge@${env.server.mucDomain}`;

  // Alice asks to join a room that does not exist: she is told so and offered to create it.
  await alice.getByTestId('join-room').click();
  await alice.getByTestId('join-room-address').fill(`xmpp:${room}?join`);
  await alice.getByTestId('join-room-nick').fill('Alice');
  await alice.getByTestId('join-room-submit').click();
  await expect(alice.getByTestId('join-room-error')).toHaveAttribute('data-code', 'not-found');
  await alice.getByTestId('join-room-create').click();
  await expect(alice.getByTestId('room-header')).toHaveAttribute('data-state', 'joined');
  await expect(alice.getByTestId(`conversation-${room}`)).toHaveAttribute('data-kind', 'room');

  // Bob browses the server's rooms, finds it by searching, and joins from the list.
  await bob.getByTestId('browse-rooms').click();
  await expect(bob.getByTestId('browse-rooms-dialog')).toBeVisible();
  await bob.getByTestId('browse-search').fill('loun');
  await expect(bob.getByTestId(`public-room-${room}`)).toBeVisible();
  await bob.getByTestId(`public-room-join-${room}`).click();
  const joinDialog = bob.getByTestId('join-room-dialog');
  if (await joinDialog.isVisible()) {
    await bob.getByTestId('join-room-nick').fill('Bob');
    await bob.getByTestId('join-room-submit').click();
  }
  await expect(bob.getByTestId('room-header')).toHaveAttribute('data-state', 'joined');

  // Tab completes Alice's nick in Bob's composer (present occupants, not himself).
  const composer = bob.getByTestId('composer');
  await composer.fill('al');
  await composer.press('Tab');
  await expect(composer).toHaveValue('Alice: ');
  await expect(composer).toBeFocused();
  await composer.fill('');
  // A command in the composer: Alice sets the room's subject; Bob's header shows it.
  await send(alice, '/topic Tea at five');
  await expect(bob.getByTestId('room-header')).toContainText('Tea at five');
  await expect(alice.getByTestId('composer')).toHaveValue('');
  // They talk; Alice's name in Bob's message is a mention on her side.
  await send(bob, 'Hello Alice, nice room');
  await expect(alice.getByTestId('message').last()).toContainText('Hello Alice, nice room');
  await expect(alice.getByTestId('message').last()).toHaveAttribute('data-direction', 'in');
  await expect(alice.getByTestId('message-sender').last()).toContainText('bob');
  await send(alice, 'Welcome!');
  await expect(bob.getByTestId('message').last()).toContainText('Welcome!');
  await expect(bob.getByTestId('message').last()).toHaveAttribute('data-direction', 'in');
  await expect(alice.getByTestId('message').last()).toHaveAttribute('data-status', 'delivered');

  // Alice opens the occupant list: herself as moderator, Bob as participant.
  const list = alice.getByTestId('occupant-list');
  if (!(await list.isVisible())) await alice.getByTestId('room-occupants-toggle').click();
  await expect(list).toBeVisible();
  await expect(alice.getByTestId('occupant-group-moderator')).toBeVisible();
  await expect(alice.getByTestId('occupant-group-participant')).toBeVisible();
  const bobNick = (await alice.getByTestId('message-sender').last().innerText()).trim();
  const bobRow = alice.getByTestId(`occupant-${bobNick}`);
  await expect(bobRow).toHaveAttribute('data-role', 'participant');
  await alice.screenshot({ path: resolve(shots, 'room.png') });

  // A private message to Bob through the room: its own conversation on both sides.
  await alice.getByTestId(`occupant-menu-${bobNick}`).click();
  await alice.getByTestId('occupant-pm').click();
  await expect(alice.getByTestId('private-title')).toBeVisible();
  await send(alice, 'just between us');
  // Bob is looking at the room: the private message comes as a desktop notification.
  await expect
    .poll(() => bob.evaluate(() => (window as unknown as Recorded).__notifications))
    .toContainEqual({ title: 'Alice (private, in lounge)', body: 'just between us' });
  const pm = bob.getByTestId(`conversation-${room}/Alice`);
  await expect(pm).toHaveAttribute('data-kind', 'private');
  await pm.click();
  await expect(bob.getByTestId('message').last()).toContainText('just between us');
  // Bob mutes this private chat with the header's bell.
  await bob.getByTestId('notify-menu').click();
  await bob.getByTestId('notify-never').click();
  await expect(bob.getByTestId('notify-menu')).toHaveAttribute('data-mode', 'never');
  await bob.screenshot({ path: resolve(shots, 'room-private.png') });
  // The room's timeline does not hold it.
  await bob.getByTestId(`conversation-${room}`).click();
  await expect(bob.getByTestId('message').filter({ hasText: 'just between us' })).toHaveCount(0);
  // Muted: the next private message arrives (listed) without a notification.
  await send(alice, 'and a second thing');
  await expect(pm).toContainText('and a second thing');
  const notified = await bob.evaluate(() => (window as unknown as Recorded).__notifications);
  expect(notified.map((n) => n.body)).toEqual(['just between us']);

  // An xmpp: link in a message: Bob follows it to the join dialog, filled in, and joins.
  const quiet = `quiet@${env.server.mucDomain}`;
  await alice.getByTestId('join-room').click();
  await alice.getByTestId('join-room-address').fill(quiet);
  await alice.getByTestId('join-room-nick').fill('Alice');
  await alice.getByTestId('join-room-submit').click();
  await alice.getByTestId('join-room-create').click();
  await expect(alice.getByTestId('room-header')).toHaveAttribute('data-state', 'joined');
  await alice.getByTestId(`conversation-${room}`).click();
  await send(alice, `Quieter in here: xmpp:${quiet}?join.`);
  const link = bob
    .getByTestId('timeline')
    .getByRole('button', { name: `xmpp:${quiet}?join`, exact: true });
  await link.click();
  await expect(bob.getByTestId('join-room-address')).toHaveValue(quiet);
  await bob.getByTestId('join-room-nick').fill('Bob');
  await bob.getByTestId('join-room-submit').click();
  await expect(bob.getByTestId('room-header')).toHaveAttribute('data-state', 'joined');
  await expect(bob.getByTestId(`conversation-${quiet}`)).toHaveAttribute('data-kind', 'room');
  await expect(alice.getByTestId(`conversation-${quiet}`)).toBeVisible();
  // Followed again once joined, the link shows the room instead of asking.
  await bob.getByTestId(`conversation-${room}`).click();
  const again = bob
    .getByTestId('timeline')
    .getByRole('button', { name: `xmpp:${quiet}?join`, exact: true });
  await expect(again).toBeVisible();
  await bob.screenshot({ path: resolve(shots, 'room-link.png') });
  await again.click();
  await expect(bob.getByTestId('room-header')).toContainText('quiet');
});
