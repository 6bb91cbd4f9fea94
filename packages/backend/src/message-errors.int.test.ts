import type { Message } from '@parley/contract';
import { startProsody, testClient, type TestServer } from '@parley/testkit';
import { xml } from '@parley/xmpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { befriend, login as loginOn, type Device } from './test-support/accounts.js';
import { eventually, type Harness } from './test-support/harness.js';

let server: TestServer;
const opened: Harness[] = [];
let n = 0;

async function user(prefix: string): Promise<Device> {
  const local = `${prefix}${++n}`;
  await server.createUser(local, `${local}-pw`);
  return loginOn(server, opened, local);
}

/** The latest message.updated for `id` with `status`, once there (it may predate the call). */
async function updated(d: Device, id: string, status: Message['status'], after = 0) {
  const find = () =>
    d.h.events
      .slice(after)
      .filter((e) => e.name === 'message.updated')
      .map((e) => e.payload as Message)
      .find((m) => m.id === id && m.status === status);
  await eventually(() => find() !== undefined);
  return find()!;
}

beforeAll(async () => {
  server = await startProsody();
});
afterAll(async () => {
  await Promise.all(opened.map((h) => h.close(true)));
  await server?.stop();
});

describe('message errors', () => {
  it('fails a bounced message with the reason, and Retry sends it again under its id', async () => {
    const alice = await user('alice');
    const nobody = `nobody${++n}@${server.domain}`;
    const sent = await alice.h.call('messages.send', {
      accountId: alice.account.id,
      peer: nobody,
      body: 'anyone there?',
    });
    const failed = await updated(alice, sent.id, 'failed');
    expect(failed.error).toMatch(/did not take it/);
    // The reason as an id the renderer translates (Prosody bounces to an unknown user so).
    expect(failed.errorText).toMatchObject({ id: 'bounce.service-unavailable' });
    // Shown again (a reopened conversation) with its reason.
    const page = await alice.h.call('messages.page', {
      accountId: alice.account.id,
      peer: nobody,
      before: null,
      limit: 10,
    });
    expect(page.messages).toMatchObject([{ id: sent.id, status: 'failed', error: failed.error }]);

    const mark = alice.h.events.length;
    const retried = await alice.h.call('messages.retry', {
      accountId: alice.account.id,
      peer: nobody,
      id: sent.id,
    });
    expect(retried).toMatchObject({ id: sent.id, status: 'pending' });
    await updated(alice, sent.id, 'pending', mark);
    // Same message, same id: still nobody there.
    expect((await updated(alice, sent.id, 'failed', mark)).error).toMatch(/did not take it/);
    expect(
      alice.h.store.messages.page(alice.account.id, nobody, { beforeId: null, limit: 10 }).messages,
    ).toHaveLength(1);
  });

  it('ignores an error naming our message from anyone but its recipient, and refuses odd retries', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    await befriend(alice, bob);
    const arrived = bob.h.waitFor('message.added', (m) => m.body === 'hi bob');
    const sent = await alice.h.call('messages.send', {
      accountId: alice.account.id,
      peer: bob.account.jid,
      body: 'hi bob',
    });
    await arrived;
    const malloryLocal = `mallory${++n}`;
    await server.createUser(malloryLocal, `${malloryLocal}-pw`);
    const mallory = await testClient(server, malloryLocal, `${malloryLocal}-pw`);
    try {
      const to = `${alice.account.jid}/${alice.h.store.accounts.get(alice.account.id)?.resource ?? ''}`;
      await mallory.send(
        xml(
          'message',
          { to: alice.account.jid, type: 'error', id: sent.id },
          xml(
            'error',
            { type: 'cancel' },
            xml('service-unavailable', { xmlns: 'urn:ietf:params:xml:ns:xmpp-stanzas' }),
          ),
        ),
      );
      // Sent after the forged error on the same stream: once it is here, so was the error.
      const marker = alice.h.waitFor('message.added', (m) => m.body === 'after');
      await mallory.send(xml('message', { to, type: 'chat' }, xml('body', {}, 'after')));
      await marker;
      expect(alice.h.store.messages.get(alice.account.id, sent.id)?.status).not.toBe('failed');
    } finally {
      await mallory.stop().catch(() => {});
    }
    // Only failed messages of ours go again.
    await expect(
      alice.h.call('messages.retry', {
        accountId: alice.account.id,
        peer: bob.account.jid,
        id: sent.id,
      }),
    ).rejects.toThrow(/conflict/);
    const incoming = (
      await bob.h.call('messages.page', {
        accountId: bob.account.id,
        peer: alice.account.jid,
        before: null,
        limit: 5,
      })
    ).messages[0]!;
    await expect(
      bob.h.call('messages.retry', {
        accountId: bob.account.id,
        peer: alice.account.jid,
        id: incoming.id,
      }),
    ).rejects.toThrow(/conflict/);
  });
});
