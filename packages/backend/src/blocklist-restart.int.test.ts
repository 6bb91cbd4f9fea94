import type { Message } from '@parley/contract';
import { startProsody, type TestServer } from '@parley/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { befriend, login } from './test-support/accounts.js';
import { eventually, startHarness, type Harness } from './test-support/harness.js';

// The blocklist kept in the store (migration 0016): a block made on a server without XEP-0191
// lives only in this client, and must still drop the sender after the app restarts.
let bare: TestServer;
const opened: Harness[] = [];

beforeAll(async () => {
  bare = await startProsody({ withoutModules: ['blocklist'] });
  for (const name of ['alice', 'bob']) await bare.createUser(name, `${name}-pw`);
}, 60_000);
afterAll(async () => {
  await Promise.all(opened.map((h) => h.close(true)));
  await bare?.stop();
}, 30_000);

describe('a client-side block across a restart', () => {
  it('is shown offline and still drops the sender after the backend restarts on the same store', async () => {
    const alice = await login(bare, opened, 'alice');
    const bob = await login(bare, opened, 'bob');
    await befriend(alice, bob);
    await bob.h.call('omemo.conversation.set', {
      accountId: bob.account.id,
      peer: alice.account.jid,
      encryption: 'off',
    });
    await eventually(
      async () =>
        (await alice.h.call('blocking.list', { accountId: alice.account.id })).supported === false,
    );
    await alice.h.call('blocking.block', { accountId: alice.account.id, jids: [bob.account.jid] });
    await alice.h.close();

    // Restarted, not yet connected: the list is there, and it says the block is ours alone.
    const restarted = startHarness({ caPem: bare.caPem, dir: alice.h.dir, key: alice.key });
    opened.push(restarted);
    const offline = await restarted.call('blocking.list', { accountId: alice.account.id });
    expect(offline).toMatchObject({ jids: [bob.account.jid], local: [bob.account.jid] });

    const online = restarted.waitFor(
      'account.changed',
      (a) => a.id === alice.account.id && a.state === 'online',
    );
    await restarted.backend.start();
    await online;
    await eventually(
      async () =>
        (await restarted.call('blocking.list', { accountId: alice.account.id })).supported ===
        false,
    );
    expect(await restarted.call('blocking.list', { accountId: alice.account.id })).toMatchObject({
      jids: [bob.account.jid],
      local: [bob.account.jid],
    });
    // Our presence is out once the login sync finished: the server then delivers to us.
    await eventually(() =>
      restarted.events.some(
        (e) =>
          e.name === 'history.progress' && (e.payload as { accountId: string; done: boolean }).done,
      ),
    );

    const mark = restarted.events.length;
    const blocked = await bob.h.call('messages.send', {
      accountId: bob.account.id,
      peer: alice.account.jid,
      body: 'after the restart',
    });
    await eventually(() =>
      ['acked', 'delivered'].includes(
        bob.h.store.messages.get(bob.account.id, blocked.id)?.status ?? '',
      ),
    );
    // Bob's server took it, so it is on Alice's stream ahead of the answer to this request.
    await restarted.call('roster.add', {
      accountId: alice.account.id,
      jid: `nobody@${bare.domain}`,
      name: '',
      groups: [],
    });
    const since = restarted.events.slice(mark);
    const added = since.filter((e) => e.name === 'message.added').map((e) => e.payload as Message);
    expect(added.filter((m) => m.peer === bob.account.jid)).toEqual([]);
    expect(restarted.store.conversations.get(alice.account.id, bob.account.jid)).toBeNull();
  }, 90_000);
});
