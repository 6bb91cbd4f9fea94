import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProsody, startProxy, type TestProxy, type TestServer } from '@parley/testkit';
import type { Message } from '@parley/contract';
import { addOnlineAccount, subscribeBothWays, type Device } from './test-support/accounts.js';
import { eventually, startHarness, type Harness } from './test-support/harness.js';

/*
 * Repeated cuts around an archive catch-up, against a real Prosody that keeps a dropped
 * session for 2 s (so a quick reconnect resumes, a long outage starts afresh).
 */
let server: TestServer;
let proxy: TestProxy;
const harnesses: Harness[] = [];
const users = ['ivy', 'jay', 'kim', 'lee', 'max', 'nia', 'ona', 'pat'];

beforeAll(async () => {
  server = await startProsody({
    smacksHibernationSeconds: 2,
    users: users.map((local) => ({ local, password: `${local}-pw` })),
  });
  proxy = await startProxy(server.c2sPort);
});
afterAll(async () => {
  await Promise.all(harnesses.map((h) => h.close(true)));
  await proxy?.close();
  await server?.stop();
});

async function device(local: string, port: number, mamPageSize = 50): Promise<Device> {
  const h = startHarness({ caPem: server.caPem, mamPageSize });
  harnesses.push(h);
  const account = await addOnlineAccount(h, server, local, { port });
  return { h, account, key: Buffer.alloc(0) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function stored(d: Device, peer: string, direction?: Message['direction']): Message[] {
  return d.h.store.messages
    .page(d.account.id, peer, { beforeId: null, limit: 100_000 })
    .messages.filter((m) => !direction || m.direction === direction);
}

function catchUpDone(d: Device): number {
  return d.h.events.filter(
    (e) => e.name === 'history.progress' && (e.payload as { done: boolean }).done,
  ).length;
}

describe('an archive catch-up cut short', () => {
  it('is continued after the session resumes, and reported done only once complete', async () => {
    // Ivy is behind the relay with small archive pages, so her catch-up takes many round trips.
    const ivy = await device('ivy', proxy.port, 10);
    const jay = await device('jay', server.c2sPort);
    await subscribeBothWays(ivy, jay);

    // Away longer than the server keeps her session: the next login is fresh and catches up.
    const total = 300;
    proxy.outage(3_500);
    await sleep(200);
    for (let i = 0; i < total; i++) {
      await jay.h.call('messages.send', {
        accountId: jay.account.id,
        peer: ivy.account.jid,
        body: `away ${i}`,
      });
    }
    const doneBefore = catchUpDone(ivy);
    // Cut her link every time the catch-up moves on: each reconnect comes quickly and resumes.
    let cuts = 0;
    const storedWhenDone: number[] = [];
    const unsubscribe = ivy.h.backend.onEvent((name, payload) => {
      if (name !== 'history.progress') return;
      const { done } = payload as { done: boolean };
      if (done) storedWhenDone.push(stored(ivy, jay.account.jid, 'in').length);
      else if (cuts < 8) {
        cuts++;
        proxy.cut();
      }
    });
    try {
      await eventually(() => stored(ivy, jay.account.jid, 'in').length >= total, 45_000);
      await eventually(() => catchUpDone(ivy) > doneBefore, 10_000);
    } finally {
      unsubscribe();
      // Whatever arrived, show it in the failure message.
      const have = stored(ivy, jay.account.jid, 'in').length;
      if (have < total) console.error(`ivy has ${have} of ${total} after ${cuts} cuts`);
    }
    expect(cuts).toBeGreaterThan(1);
    expect(stored(ivy, jay.account.jid, 'in').map((m) => m.body)).toEqual(
      Array.from({ length: total }, (_, i) => `away ${i}`),
    );
    // "done" means the archive's end was reached: everything was there each time it was said.
    expect(storedWhenDone.length).toBeGreaterThan(0);
    expect(storedWhenDone.every((n) => n === total)).toBe(true);
  });
});

describe('a message missed in a cut, fetched from the archive', () => {
  it('is shown after the one before it and reported delivered to its sender', async () => {
    const kim = await device('kim', proxy.port);
    const lee = await device('lee', server.c2sPort);
    await subscribeBothWays(kim, lee);
    const send = (body: string) =>
      lee.h.call('messages.send', { accountId: lee.account.id, peer: kim.account.jid, body });

    // Early in a second, so that both messages below fall in the same one: the archive stamps
    // whole seconds, while a live message is stamped with our clock in milliseconds.
    await eventually(() => Date.now() % 1_000 > 100 && Date.now() % 1_000 < 300, 5_000);
    const seenLive = kim.h.waitFor('message.added', (m) => m.body === 'first, seen live');
    await send('first, seen live');
    await seenLive;
    // Kim is gone longer than the server keeps her session: 'second' reaches her only through
    // her archive, in the catch-up of her next, fresh session.
    const caughtUp = kim.h.waitFor('history.progress', (p) => p.done, 30_000);
    proxy.outage(3_000);
    const second = await send('second, missed');
    await caughtUp;
    const shown = stored(kim, lee.account.jid, 'in').map((m) => m.body);
    expect(shown.slice(-2)).toEqual(['first, seen live', 'second, missed']);

    // Lee learns that it arrived: Kim confirms what she first saw in her catch-up.
    await eventually(
      () => lee.h.store.messages.get(lee.account.id, second.id)?.status === 'delivered',
      10_000,
    );
  });
});

describe('a store that cannot write for a while', () => {
  it('gets every message afterwards, once, and the account back online', async () => {
    const max = await device('max', server.c2sPort);
    const nia = await device('nia', server.c2sPort);
    await subscribeBothWays(max, nia);
    // Disk full: every message insert fails with SQLITE_FULL until `full` is cleared. Each
    // failed batch drops the link; the reconnect resumes and the server hands the messages
    // over again (some arrive right behind <resumed/>, before it is fully handled).
    const insert = max.h.store.messages.insert.bind(max.h.store.messages);
    let full = true;
    let failures = 0;
    max.h.store.messages.insert = (message) => {
      if (full) {
        failures++;
        throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      }
      return insert(message);
    };
    const total = 30;
    const sending = (async () => {
      for (let i = 0; i < total; i++) {
        await nia.h.call('messages.send', {
          accountId: nia.account.id,
          peer: max.account.jid,
          body: `while full ${i}`,
        });
        await sleep(100);
      }
    })();
    await sleep(2_500);
    full = false;
    await sending;
    await eventually(() => stored(max, nia.account.jid, 'in').length >= total, 30_000);
    await sleep(300);
    expect(failures).toBeGreaterThan(1);
    expect(stored(max, nia.account.jid, 'in').map((m) => m.body)).toEqual(
      Array.from({ length: total }, (_, i) => `while full ${i}`),
    );
    const states = max.h.events.filter((e) => e.name === 'account.changed');
    expect((states.at(-1)?.payload as { state: string }).state).toBe('online');
  });
});

describe('a login sync that fails because the store cannot write', () => {
  it('is run again once it can, so presence goes out and the catch-up brings what was missed', async () => {
    const ona = await device('ona', proxy.port);
    const pat = await device('pat', server.c2sPort);
    await subscribeBothWays(ona, pat);
    // The disk fills, then Ona is away longer than the server keeps her session: her next
    // session is fresh and its login sync (roster, presence, catch-up) cannot write.
    const transaction = ona.h.store.transaction.bind(ona.h.store);
    let full = true;
    ona.h.store.transaction = (fn) => {
      if (full) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      return transaction(fn);
    };
    const failedSync = ona.h.waitFor('account.changed', (a) => a.state === 'online', 20_000);
    proxy.outage(3_000);
    await failedSync;
    for (let i = 0; i < 5; i++) {
      await pat.h.call('messages.send', {
        accountId: pat.account.id,
        peer: ona.account.jid,
        body: `while ona could not write ${i}`,
      });
    }
    await sleep(1_000);
    full = false;
    await eventually(() => stored(ona, pat.account.jid, 'in').length >= 5, 20_000);
    expect(stored(ona, pat.account.jid, 'in').map((m) => m.body)).toEqual(
      Array.from({ length: 5 }, (_, i) => `while ona could not write ${i}`),
    );
  });
});
