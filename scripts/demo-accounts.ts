import type { ParleyClient } from '@parley/contract';
import type { TestServer } from '@parley/testkit';

const deadlineMs = 20_000;

/** Sets up alice and bob in the app, makes them contacts, and leaves a first message. */
export async function setUpDemoAccounts(client: ParleyClient, server: TestServer): Promise<void> {
  const common = { host: server.host, port: server.c2sPort, tlsMode: 'starttls' as const };
  const existing = await client.call('accounts.list', {});
  if (existing.length > 0) return;
  const alice = await client.call('accounts.add', {
    jid: `alice@${server.domain}`,
    password: 'alice-demo',
    ...common,
  });
  const bob = await client.call('accounts.add', {
    jid: `bob@${server.domain}`,
    password: 'bob-demo',
    ...common,
  });
  await waitOnline(client, [alice.id, bob.id]);
  const requested = waitFor(client, 'subscription.requested', (r) => r.accountId === bob.id);
  await client.call('roster.add', {
    accountId: alice.id,
    jid: `bob@${server.domain}`,
    name: 'Bob',
    groups: ['Friends'],
  });
  await requested;
  await client.call('subscriptions.answer', {
    accountId: bob.id,
    jid: `alice@${server.domain}`,
    accept: true,
  });
  await client.call('messages.send', {
    accountId: alice.id,
    peer: `bob@${server.domain}`,
    body: 'Hi Bob! This is Parley. Links like https://xmpp.org open in your browser.',
  });
  await setUpDemoRoom(client, server, alice.id, bob.id);
}

/** A group chat both are in, bookmarked so it comes back on every start. */
async function setUpDemoRoom(
  client: ParleyClient,
  server: TestServer,
  aliceId: string,
  bobId: string,
): Promise<void> {
  const room = `lounge@${server.mucDomain}`;
  await client.call('rooms.create', { accountId: aliceId, room, nick: 'Alice', instant: true });
  await client.call('rooms.setSubject', { accountId: aliceId, room, subject: 'Welcome to Parley' });
  await client.call('rooms.join', { accountId: bobId, room, nick: 'Bob', password: null });
  for (const accountId of [aliceId, bobId]) {
    await client.call('rooms.bookmark', { accountId, room, bookmarked: true, autojoin: true });
  }
  await client.call('messages.send', {
    accountId: bobId,
    peer: room,
    body: 'Group chats live here too, Alice. Open the people list from the header.',
  });
}

async function waitOnline(client: ParleyClient, ids: string[]): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < deadlineMs) {
    const accounts = await client.call('accounts.list', {});
    const failed = accounts.find((a) => ids.includes(a.id) && a.state === 'error');
    if (failed) throw new Error(`${failed.jid}: ${failed.error?.message}`);
    if (ids.every((id) => accounts.find((a) => a.id === id)?.state === 'online')) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('demo accounts did not come online');
}

function waitFor<E extends 'subscription.requested'>(
  client: ParleyClient,
  name: E,
  match: (payload: { accountId: string; jid: string }) => boolean,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${name}`)), deadlineMs);
    const off = client.on(name, (payload) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}
