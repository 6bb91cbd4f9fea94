import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProsody, startProxy, type TestProxy, type TestServer } from '@parley/testkit';
import { eventually, startHarness, type Harness } from './test-support/harness.js';

let server: TestServer;
let proxy: TestProxy;
const harnesses: Harness[] = [];

beforeAll(async () => {
  server = await startProsody({
    users: [
      { local: 'ivy', password: 'ivy-pw' },
      { local: 'jay', password: 'jay-pw' },
    ],
  });
  proxy = await startProxy(server.c2sPort);
});
afterAll(async () => {
  await Promise.all(harnesses.map((h) => h.close(true)));
  await proxy?.close();
  await server?.stop();
});

async function online(local: string, port: number) {
  const h = startHarness({ caPem: server.caPem });
  harnesses.push(h);
  const up = h.waitFor('account.changed', (a) => a.state === 'online');
  const account = await h.call('accounts.add', {
    jid: `${local}@${server.domain}`,
    password: `${local}-pw`,
    host: server.host,
    port,
    tlsMode: 'starttls',
  });
  await up;
  return { h, account };
}

describe('connection cut mid-conversation', () => {
  it('loses nothing and shows nothing twice, both ways', async () => {
    // Ivy's link goes through a relay the test can cut; Jay's is direct.
    const ivy = await online('ivy', proxy.port);
    const jay = await online('jay', server.c2sPort);
    const requested = jay.h.waitFor('subscription.requested');
    await ivy.h.call('roster.add', {
      accountId: ivy.account.id,
      jid: jay.account.jid,
      name: '',
      groups: [],
    });
    await requested;
    await jay.h.call('subscriptions.answer', {
      accountId: jay.account.id,
      jid: ivy.account.jid,
      accept: true,
    });

    const total = 60;
    for (let i = 0; i < total; i++) {
      if (i === total / 2) proxy.cut();
      await ivy.h.call('messages.send', {
        accountId: ivy.account.id,
        peer: jay.account.jid,
        body: `ivy ${i}`,
      });
      await jay.h.call('messages.send', {
        accountId: jay.account.id,
        peer: ivy.account.jid,
        body: `jay ${i}`,
      });
      if (i % 10 === 0) await new Promise((r) => setTimeout(r, 20));
    }
    await eventually(() => ivy.h.store.messages.outbox(ivy.account.id).length === 0, 30_000);
    const expected = (who: string) => Array.from({ length: total }, (_, i) => `${who} ${i}`);
    const bodies = async (h: Harness, accountId: string, peer: string, direction: 'in' | 'out') =>
      (await h.call('messages.page', { accountId, peer, limit: 500 })).messages
        .filter((m) => m.direction === direction)
        .map((m) => m.body);

    await eventually(
      async () => (await bodies(jay.h, jay.account.id, ivy.account.jid, 'in')).length >= total,
      30_000,
    );
    await eventually(
      async () => (await bodies(ivy.h, ivy.account.id, jay.account.jid, 'in')).length >= total,
      30_000,
    );
    // Give any late duplicate a chance to show up before counting.
    await new Promise((r) => setTimeout(r, 500));
    expect((await bodies(jay.h, jay.account.id, ivy.account.jid, 'in')).sort()).toEqual(
      expected('ivy').sort(),
    );
    expect((await bodies(ivy.h, ivy.account.id, jay.account.jid, 'in')).sort()).toEqual(
      expected('jay').sort(),
    );
    expect(
      ivy.h.events.some(
        (e) =>
          e.name === 'account.changed' && (e.payload as { state: string }).state === 'connecting',
      ),
    ).toBe(true);
  });
});
