import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAccountColor } from '@parley/contract';
import { startProsody, type TestServer } from '@parley/testkit';
import { addOnlineAccount } from './test-support/accounts.js';
import { eventually, startHarness, type Harness } from './test-support/harness.js';

let server: TestServer;
const open: Harness[] = [];

beforeAll(async () => {
  server = await startProsody();
});
afterAll(async () => {
  await Promise.all(open.map((h) => h.close(true)));
  await server?.stop();
});

function harness(key = randomBytes(32), dir?: string): Harness {
  const h = startHarness({ caPem: server.caPem, key, ...(dir ? { dir } : {}) });
  open.push(h);
  return h;
}

describe('several accounts (against Prosody)', () => {
  it('keeps the order and colours the user chose, across a restart', async () => {
    for (const u of ['ord1', 'ord2', 'ord3']) await server.createUser(u, `${u}-pw`);
    const key = randomBytes(32);
    const h = harness(key);
    const [a, b, c] = [
      await addOnlineAccount(h, server, 'ord1'),
      await addOnlineAccount(h, server, 'ord2'),
      await addOnlineAccount(h, server, 'ord3'),
    ];
    expect(a.color).toBe(defaultAccountColor(a.jid));
    expect(a.colorChosen).toBe(false);
    await h.call('accounts.reorder', { ids: [c!.id, a!.id, b!.id] });
    await h.call('accounts.options.set', { id: b!.id, color: 'pink' });
    const refused = await h.raw('accounts.reorder', { ids: [c!.id, a!.id] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await h.close();
    const again = harness(key, h.dir);
    const list = await again.call('accounts.list', {});
    expect(list.map((x) => [x.jid, x.position])).toEqual([
      [c!.jid, 0],
      [a!.jid, 1],
      [b!.jid, 2],
    ]);
    expect(list[2]).toMatchObject({ color: 'pink', colorChosen: true });
    await again.call('accounts.options.set', { id: b!.id, color: null });
    const [, , reset] = await again.call('accounts.list', {});
    expect(reset).toMatchObject({ color: defaultAccountColor(b!.jid), colorChosen: false });
  });

  it('a disabled account does not connect at start nor on request; presence for all skips it', async () => {
    for (const u of ['dis1', 'dis2']) await server.createUser(u, `${u}-pw`);
    const key = randomBytes(32);
    const h = harness(key);
    const on = await addOnlineAccount(h, server, 'dis1');
    const off = await addOnlineAccount(h, server, 'dis2');
    const disabled = await h.call('accounts.update', { id: off.id, enabled: false });
    expect(disabled).toMatchObject({ enabled: false, state: 'disconnected' });
    const refused = await h.raw('accounts.connect', { id: off.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(h.events.filter((e) => e.name === 'account.changed').at(-1)?.payload).toMatchObject({
      id: off.id,
      state: 'disconnected',
    });

    await h.call('presence.setAll', { show: 'away', status: 'out for lunch' });
    const list = await h.call('accounts.list', {});
    const byId = new Map(list.map((x) => [x.id, x]));
    expect(byId.get(on.id)).toMatchObject({
      ownPresence: { show: 'away', status: 'out for lunch' },
      statusHistory: ['out for lunch'],
    });
    expect(byId.get(off.id)).toMatchObject({
      ownPresence: { show: 'available', status: '' },
      statusHistory: [],
    });
    await h.call('presence.history.clear', { accountId: on.id });
    expect((await h.call('accounts.list', {})).find((x) => x.id === on.id)?.statusHistory).toEqual(
      [],
    );

    await h.close();
    const again = harness(key, h.dir);
    await again.backend.start();
    const states = async () =>
      new Map((await again.call('accounts.list', {})).map((x) => [x.id, x.state]));
    // By the time the enabled one is online, the disabled one would have been connecting too.
    await eventually(async () => (await states()).get(on.id) === 'online');
    expect((await states()).get(off.id)).toBe('disconnected');
    expect(
      again.events.some(
        (e) => e.name === 'account.changed' && (e.payload as { id: string }).id === off.id,
      ),
    ).toBe(false);
  });

  it('keeps the proxy password when only the rest changes, and never shows it', async () => {
    await server.createUser('pxk', 'pxk-pw');
    const h = harness();
    const added = await h.call('accounts.add', {
      jid: `pxk@${server.domain}`,
      password: 'pxk-pw',
      host: null,
      port: null,
      tlsMode: 'starttls',
      connect: false,
    });
    const proxy = { type: 'socks5' as const, host: '127.0.0.1', port: 9050, username: 'u' };
    await h.call('accounts.proxy.set', { id: added.id, proxy: { ...proxy, password: 'secret' } });
    await h.call('accounts.proxy.set', { id: added.id, proxy: { ...proxy, port: 9150 } });
    expect(h.store.accounts.get(added.id)?.proxy).toEqual({
      ...proxy,
      port: 9150,
      password: 'secret',
    });
    expect(JSON.stringify(await h.call('accounts.list', {}))).not.toContain('secret');
    await h.call('accounts.proxy.set', { id: added.id, proxy: null });
    expect(h.store.accounts.get(added.id)?.proxy).toBeNull();
  });
});
