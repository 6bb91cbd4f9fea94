import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProsody, startProxy, type TestProxy, type TestServer } from '@parley/testkit';
import { login, subscribeBothWays } from './test-support/accounts.js';
import { eventually, startHarness, type Harness } from './test-support/harness.js';

let server: TestServer;
let proxy: TestProxy;
const harnesses: Harness[] = [];

beforeAll(async () => {
  server = await startProsody({
    users: [
      { local: 'ivy', password: 'ivy-pw' },
      { local: 'jay', password: 'jay-pw' },
      { local: 'mia', password: 'mia-pw' },
      { local: 'ned', password: 'ned-pw' },
      { local: 'ola', password: 'ola-pw' },
      { local: 'pia', password: 'pia-pw' },
    ],
  });
  proxy = await startProxy(server.c2sPort);
});
afterAll(async () => {
  await Promise.all(harnesses.map((h) => h.close(true)));
  await proxy?.close();
  await server?.stop();
});

const online = (local: string, port: number) => login(server, harnesses, local, undefined, port);

describe('connection cut mid-conversation', () => {
  it('loses nothing and shows nothing twice, both ways', async () => {
    // Ivy's link goes through a relay the test can cut; Jay's is direct.
    const ivy = await online('ivy', proxy.port);
    const jay = await online('jay', server.c2sPort);
    await subscribeBothWays(ivy, jay);

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

describe('outage longer than the server keeps the session', () => {
  it('starts a fresh session, resends the outbox and catches up from the archive', async () => {
    // A server that forgets a dropped session after one second, so resumption fails.
    const strict = await startProsody({
      smacksHibernationSeconds: 1,
      users: [
        { local: 'kai', password: 'kai-pw' },
        { local: 'lou', password: 'lou-pw' },
      ],
    });
    const relay = await startProxy(strict.c2sPort);
    const devices: Harness[] = [];
    const online = (local: string, port: number) => login(strict, devices, local, undefined, port);
    try {
      const kai = await online('kai', relay.port);
      const lou = await online('lou', strict.c2sPort);
      await subscribeBothWays(kai, lou);
      await kai.h.call('messages.send', {
        accountId: kai.account.id,
        peer: lou.account.jid,
        body: 'before',
      });
      await lou.h.waitFor('message.added', (m) => m.body === 'before');

      const fresh = kai.h.waitFor('history.progress', (p) => p.done, 30_000);
      relay.outage(2_500);
      for (let i = 0; i < 10; i++) {
        await kai.h.call('messages.send', {
          accountId: kai.account.id,
          peer: lou.account.jid,
          body: `kai offline ${i}`,
        });
        await lou.h.call('messages.send', {
          accountId: lou.account.id,
          peer: kai.account.jid,
          body: `lou meanwhile ${i}`,
        });
      }
      // Back after the outage: a new session (not a resume) syncs from the archive.
      await fresh;
      const expected = (prefix: string) => Array.from({ length: 10 }, (_, i) => `${prefix} ${i}`);
      const bodies = (h: Harness, accountId: string, peer: string, direction: 'in' | 'out') =>
        h.store.messages
          .page(accountId, peer, { beforeId: null, limit: 100 })
          .messages.filter((m) => m.direction === direction)
          .map((m) => m.body);
      await eventually(
        () => bodies(lou.h, lou.account.id, kai.account.jid, 'in').length >= 11,
        30_000,
      );
      await eventually(
        () => bodies(kai.h, kai.account.id, lou.account.jid, 'in').length >= 10,
        30_000,
      );
      await new Promise((r) => setTimeout(r, 500));
      expect(bodies(lou.h, lou.account.id, kai.account.jid, 'in')).toEqual([
        'before',
        ...expected('kai offline'),
      ]);
      expect(bodies(kai.h, kai.account.id, lou.account.jid, 'in').sort()).toEqual(
        expected('lou meanwhile').sort(),
      );
      expect(kai.h.store.messages.outbox(kai.account.id)).toEqual([]);
    } finally {
      await Promise.all(devices.map((h) => h.close(true)));
      await relay.close();
      await strict.stop();
    }
  });
});

describe('a store write that fails', () => {
  it('leaves the message unacknowledged so the server delivers it again, once', async () => {
    const mia = await online('mia', server.c2sPort);
    const ned = await online('ned', server.c2sPort);
    await subscribeBothWays(mia, ned);
    // The disk is full for exactly one write: the next incoming message cannot be stored.
    const insert = mia.h.store.messages.insert.bind(mia.h.store.messages);
    let failures = 0;
    mia.h.store.messages.insert = (message) => {
      if (message.body === 'precious' && failures++ === 0) {
        throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      }
      return insert(message);
    };
    const arrived = mia.h.waitFor('message.added', (m) => m.body === 'precious', 20_000);
    await ned.h.call('messages.send', {
      accountId: ned.account.id,
      peer: mia.account.jid,
      body: 'precious',
    });
    await arrived;
    await new Promise((r) => setTimeout(r, 300));
    expect(failures).toBeGreaterThanOrEqual(2);
    expect(mia.h.store.messages.count(mia.account.id, ned.account.jid)).toBe(1);
  });
});

describe('the app quits before the server has a message', () => {
  it('sends it on the next start from the stored outbox', async () => {
    const ola = await online('ola', server.c2sPort);
    const pia = await online('pia', server.c2sPort);
    await subscribeBothWays(ola, pia);
    await ola.h.call('accounts.disconnect', { id: ola.account.id });
    const written = await ola.h.call('messages.send', {
      accountId: ola.account.id,
      peer: pia.account.jid,
      body: 'written on the train',
    });
    expect(written.status).toBe('pending');
    await ola.h.close();

    const restarted = startHarness({ caPem: server.caPem, dir: ola.h.dir, key: ola.key });
    harnesses.push(restarted);
    const delivered = pia.h.waitFor('message.added', (m) => m.body === 'written on the train');
    await restarted.backend.start();
    await delivered;
    await eventually(
      () => restarted.store.messages.get(ola.account.id, written.id)?.status === 'delivered',
    );
    expect(pia.h.store.messages.count(pia.account.id, ola.account.jid)).toBe(1);
  });
});
