// Two Parley accounts (two backends, as two installations) talk OMEMO to each other through
// Prosody: each reads what the other encrypts, both ways, in the version both announce.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProsody, type TestServer } from '@parley/testkit';
import type { Account, Message } from '@parley/contract';
import { addOnlineAccount, befriend } from './test-support/accounts.js';
import { eventually, startHarness, type Harness } from './test-support/harness.js';

let server: TestServer;
let ha: Harness;
let hb: Harness;
let alice: Account;
let bob: Account;

/** The message `to` stored once it arrived with this body (null until then). */
function received(h: Harness, to: Account, from: Account, body: string): Message | undefined {
  return h.store.messages
    .page(to.id, from.jid, { beforeId: null, limit: 50 })
    .messages.find((m) => m.direction === 'in' && m.body === body);
}

describe('OMEMO between two Parley installations', () => {
  beforeAll(async () => {
    server = await startProsody({
      users: [
        { local: 'alice', password: 'alice-pw' },
        { local: 'bob', password: 'bob-pw' },
      ],
    });
    const key = randomBytes(32);
    ha = startHarness({ caPem: server.caPem, key });
    hb = startHarness({ caPem: server.caPem, key });
    for (const h of [ha, hb])
      await h.call('settings.set', { key: 'omemo', accountId: null, value: true });
    alice = await addOnlineAccount(ha, server, 'alice');
    bob = await addOnlineAccount(hb, server, 'bob');
    await befriend({ h: ha, account: alice, key }, { h: hb, account: bob, key });
    await eventually(() => ha.store.omemoDevices.list(alice.id, alice.jid, 'omemo2').length > 0);
    await eventually(() => hb.store.omemoDevices.list(bob.id, bob.jid, 'omemo2').length > 0);
  }, 60_000);

  afterAll(async () => {
    await ha?.close(true);
    await hb?.close(true);
    await server?.stop();
  });

  it('alice encrypts, bob reads; bob answers, alice reads', async () => {
    await ha.call('omemo.conversation.set', {
      accountId: alice.id,
      peer: bob.jid,
      encryption: 'omemo',
    });
    await ha.call('messages.send', {
      accountId: alice.id,
      peer: bob.jid,
      body: 'hello bob, encrypted',
    });
    const atBob = await eventually(() => received(hb, bob, alice, 'hello bob, encrypted'), 20_000);
    expect(atBob.encryption).toBe('omemo2');
    await hb.call('messages.send', { accountId: bob.id, peer: alice.jid, body: 'hi alice' });
    const atAlice = await eventually(() => received(ha, alice, bob, 'hi alice'), 20_000);
    expect(atAlice.encryption).toBe('omemo2');
  }, 60_000);
});
