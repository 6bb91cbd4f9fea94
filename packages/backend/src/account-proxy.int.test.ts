import { createServer, type AddressInfo, type Server } from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, ProxyInput } from '@parley/contract';
import {
  startConnectProxy,
  startProsody,
  startSocksProxy,
  testClient,
  type TestForwardProxy,
  type TestServer,
} from '@parley/testkit';
import { xml, type Element } from '@parley/xmpp';
import { befriend, login as loginOn, type Device } from './test-support/accounts.js';
import { eventually, startHarness, type Harness } from './test-support/harness.js';

let server: TestServer;
const open: Harness[] = [];
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  server = await startProsody();
});
afterAll(async () => {
  await Promise.all(open.map((h) => h.close(true)));
  for (const close of closers) await close();
  await server?.stop();
});

const login = (local: string) => loginOn(server, open, local);

/** A listener that only counts: where a direct connection would land if one were made. */
async function countingListener(): Promise<{ port: number; count(): number }> {
  let count = 0;
  const listener: Server = createServer((s) => {
    count++;
    s.destroy();
  });
  await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise((r) => listener.close(() => r())));
  return { port: (listener.address() as AddressInfo).port, count: () => count };
}

/**
 * Adds `local` with no host (the proxy resolves the domain), sets its proxy, then connects;
 * resolves with the account once it is online or has failed.
 */
async function addBehindProxy(
  local: string,
  proxy: ProxyInput,
  options: { tlsMode: 'starttls' | 'direct'; port: number; password?: string; caPem?: string },
): Promise<{ h: Harness; account: Account }> {
  await server.createUser(local, `${local}-pw`);
  const h = startHarness({ caPem: options.caPem ?? server.caPem, key: randomBytes(32) });
  open.push(h);
  const added = await h.call('accounts.add', {
    jid: `${local}@${server.domain}`,
    password: options.password ?? `${local}-pw`,
    host: null,
    port: options.port,
    tlsMode: options.tlsMode,
    connect: false,
  });
  await h.call('accounts.proxy.set', { id: added.id, proxy });
  const settled = h.waitFor(
    'account.changed',
    (a) => a.id === added.id && (a.state === 'online' || a.state === 'error'),
    15_000,
  );
  await h.call('accounts.connect', { id: added.id });
  return { h, account: await settled };
}

async function roundTrip(behind: Device, direct: Device): Promise<void> {
  await befriend(behind, direct);
  const there = direct.h.waitFor('message.added', (m) => m.body === 'through the proxy');
  await behind.h.call('messages.send', {
    accountId: behind.account.id,
    peer: direct.account.jid,
    body: 'through the proxy',
  });
  expect(await there).toMatchObject({ direction: 'in', peer: behind.account.jid });
  const back = behind.h.waitFor('message.added', (m) => m.body === 'and back');
  await direct.h.call('messages.send', {
    accountId: direct.account.id,
    peer: behind.account.jid,
    body: 'and back',
  });
  expect(await back).toMatchObject({ direction: 'in' });
}

function proxyOf(
  p: TestForwardProxy,
  type: ProxyInput['type'],
  user: string | null,
  pw: string | null,
): ProxyInput {
  return { type, host: '127.0.0.1', port: p.port, username: user, password: pw };
}

describe('accounts behind a proxy (against Prosody)', () => {
  it('logs in over STARTTLS through SOCKS5 with a password; the proxy resolves the name', async () => {
    const socks = await startSocksProxy({ username: 'tor', password: 'onion' });
    closers.push(socks.close);
    const { h, account } = await addBehindProxy('sox', proxyOf(socks, 'socks5', 'tor', 'onion'), {
      tlsMode: 'starttls',
      port: server.c2sPort,
    });
    expect(account).toMatchObject({ state: 'online', error: null });
    expect(account.proxy).toEqual({
      type: 'socks5',
      host: '127.0.0.1',
      port: socks.port,
      username: 'tor',
      hasPassword: true,
    });
    // The name went to the proxy as a name (ATYP 3): no local lookup, Tor-compatible.
    expect(socks.requests).toEqual([{ host: server.domain, port: server.c2sPort, atyp: 3 }]);
    expect(JSON.stringify(h.events)).not.toContain('onion');
    await eventually(() =>
      h.events.some(
        (e) =>
          e.name === 'history.progress' && (e.payload as { accountId: string; done: boolean }).done,
      ),
    );
    const peer = await (async () => {
      await server.createUser('sox-peer', 'sox-peer-pw');
      return login('sox-peer');
    })();
    await roundTrip({ h, account, key: Buffer.alloc(0) }, peer);
  });

  it('logs in over Direct TLS through HTTP CONNECT with Basic auth', async () => {
    const http = await startConnectProxy({ username: 'u', password: 'p' });
    closers.push(http.close);
    const { h, account } = await addBehindProxy('hcp', proxyOf(http, 'http', 'u', 'p'), {
      tlsMode: 'direct',
      port: server.directTlsPort,
    });
    expect(account).toMatchObject({ state: 'online', error: null });
    expect(http.requests).toEqual([
      { host: server.domain, port: server.directTlsPort, atyp: null },
    ]);
    await eventually(() =>
      h.events.some(
        (e) =>
          e.name === 'history.progress' && (e.payload as { accountId: string; done: boolean }).done,
      ),
    );
    await server.createUser('hcp-peer', 'hcp-peer-pw');
    await roundTrip({ h, account, key: Buffer.alloc(0) }, await login('hcp-peer'));
  });

  it('checks the server certificate through the proxy as without one (STARTTLS and Direct TLS)', async () => {
    const socks = await startSocksProxy();
    closers.push(socks.close);
    const proxy = proxyOf(socks, 'socks5', null, null);
    for (const [tlsMode, port] of [
      ['starttls', server.c2sPort],
      ['direct', server.directTlsPort],
    ] as const) {
      // This device does not trust the test CA: the proxy must change nothing about that.
      const { account } = await addBehindProxy(`cert-${tlsMode}`, proxy, {
        tlsMode,
        port,
        caPem: '',
      });
      expect(account.state).toBe('error');
      expect(account.error?.code).toBe('certificate-untrusted');
      expect(account.untrustedCertificate?.subject).toContain(server.domain);
    }
    expect(socks.requests.map((r) => r.host)).toEqual([server.domain, server.domain]);
  });

  it('fails with "proxy unreachable" when the proxy is down and never connects directly', async () => {
    const direct = await countingListener();
    // Nothing listens there any more.
    const deadPort = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const { port } = s.address() as AddressInfo;
        s.close(() => resolve(port));
      });
    });
    for (const type of ['socks5', 'http'] as const) {
      const { account } = await addBehindProxy(
        `down-${type}`,
        { type, host: '127.0.0.1', port: deadPort, username: null, password: null },
        { tlsMode: 'starttls', port: direct.port },
      );
      expect(account.state).toBe('error');
      expect(account.error).toMatchObject({ code: 'proxy-failed' });
      expect(account.error?.message).toMatch(/^Proxy unreachable: .*connection refused/);
    }
    expect(direct.count()).toBe(0);
  });

  it('says the proxy refused wrong credentials (SOCKS5 and HTTP)', async () => {
    const socks = await startSocksProxy({ username: 'tor', password: 'onion' });
    const http = await startConnectProxy({ username: 'u', password: 'p' });
    closers.push(socks.close, http.close);
    const viaSocks = await addBehindProxy('badsox', proxyOf(socks, 'socks5', 'tor', 'nope'), {
      tlsMode: 'starttls',
      port: server.c2sPort,
    });
    expect(viaSocks.account.error).toEqual({
      code: 'proxy-failed',
      message: 'Proxy refused: wrong proxy user name or password',
    });
    const viaHttp = await addBehindProxy('badhcp', proxyOf(http, 'http', 'u', 'nope'), {
      tlsMode: 'starttls',
      port: server.c2sPort,
    });
    expect(viaHttp.account.error).toEqual({
      code: 'proxy-failed',
      message: 'Proxy refused: 407 Proxy Authentication Required',
    });
    // Like a wrong password: no retry hammers the proxy until the user changes something
    // (the harness retries after 100 ms otherwise).
    await new Promise((r) => setTimeout(r, 800));
    expect([socks.connections, http.connections]).toEqual([1, 1]);
  });
});

describe('presence priority and status history (against Prosody)', () => {
  it('sends the account priority in presence, where a contact sees it', async () => {
    await server.createUser('prio', 'prio-pw');
    await server.createUser('prio-peer', 'prio-peer-pw');
    const me = await login('prio');
    const peer = await login('prio-peer');
    await befriend(me, peer);
    const resources = async () => {
      const roster = await peer.h.call('roster.list', { accountId: peer.account.id });
      return roster.find((c) => c.jid === me.account.jid)?.resources ?? [];
    };
    await eventually(async () => (await resources()).length === 1);
    await me.h.call('accounts.options.set', { id: me.account.id, priority: 42 });
    await eventually(async () => (await resources())[0]?.priority === 42);
    await me.h.call('accounts.options.set', { id: me.account.id, priority: -7 });
    await eventually(async () => (await resources())[0]?.priority === -7);
    // Kept for the next session's first presence too.
    expect(me.h.store.accounts.get(me.account.id)?.priority).toBe(-7);

    await me.h.call('presence.set', { accountId: me.account.id, show: 'away', status: 'lunch' });
    await me.h.call('presence.set', { accountId: me.account.id, show: 'dnd', status: 'meeting' });
    await eventually(async () => (await resources())[0]?.status === 'meeting');
    expect((await resources())[0]).toMatchObject({ show: 'dnd', priority: -7 });
    const [view] = await me.h.call('accounts.list', {});
    expect(view?.statusHistory).toEqual(['meeting', 'lunch']);
  });

  it('is in the presence our own second resource receives, raw on the wire', async () => {
    await server.createUser('prio2', 'prio2-pw');
    const me = await login('prio2');
    const other = await testClient(server, 'prio2', 'prio2-pw');
    try {
      const seen: Element[] = [];
      other.on('stanza', (stanza: Element) => {
        if (stanza.is('presence') && stanza.attrs.from?.startsWith(`${me.account.jid}/parley.`)) {
          seen.push(stanza);
        }
      });
      await other.send(xml('presence'));
      await me.h.call('accounts.options.set', { id: me.account.id, priority: 100 });
      await eventually(() => seen.some((p) => p.getChildText('priority') === '100'));
    } finally {
      await other.stop().catch(() => {});
    }
  });
});
