import { createServer, type AddressInfo, type Server } from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProxyInput } from '@parley/contract';
import {
  startConnectProxy,
  startProsody,
  startSocksProxy,
  type TestForwardProxy,
  type TestServer,
} from '@parley/testkit';
import { Registrations } from './runtime/registration.js';
import { startHarness, type Harness } from './test-support/harness.js';

/*
 * A Tor user's very first connection: the trial sign-in, "Save anyway" and every sign-up
 * stream go through the proxy given on the form, never around it, and the proxy is kept with
 * the account. The server's host is a name only the test proxies resolve (.invalid never
 * resolves through DNS): a connection that went around the proxy could not reach the server.
 */

/** Resolvable by the test proxies only. */
const PROXY_ONLY_HOST = 'xmpp.behind-proxy.invalid';
const names = ['localhost', PROXY_ONLY_HOST];

let server: TestServer;
let open: TestServer;
const harnesses: Harness[] = [];
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  [server, open] = await Promise.all([
    startProsody({ users: [{ local: 'tess', password: 'tess-pw' }] }),
    startProsody({ allowRegistration: true }),
  ]);
});
afterAll(async () => {
  await Promise.all(harnesses.map((h) => h.close(true)));
  for (const close of closers) await close();
  await Promise.all([server?.stop(), open?.stop()]);
});

function harness(caPem: string, dir?: string, key = randomBytes(32)): Harness {
  const h = startHarness({ caPem, key, ...(dir ? { dir } : {}) });
  harnesses.push(h);
  return h;
}

async function socks(): Promise<TestForwardProxy> {
  const p = await startSocksProxy({ username: 'tor', password: 'onion', names });
  closers.push(p.close);
  return p;
}

async function connectProxy(): Promise<TestForwardProxy> {
  const p = await startConnectProxy({ names });
  closers.push(p.close);
  return p;
}

const through = (p: TestForwardProxy, type: ProxyInput['type'], auth: boolean): ProxyInput => ({
  type,
  host: '127.0.0.1',
  port: p.port,
  username: auth ? 'tor' : null,
  password: auth ? 'onion' : null,
});

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

async function deadPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe('first sign-in through a proxy (against Prosody)', () => {
  it('signs in through SOCKS5, saves the proxy with its secret, and reconnects through it', async () => {
    const proxy = await socks();
    const key = randomBytes(32);
    const h = harness(server.caPem, undefined, key);
    const jid = `tess@${server.domain}`;
    const online = h.waitFor('account.changed', (a) => a.jid === jid && a.state === 'online');
    const answer = await h.call('accounts.signIn', {
      jid,
      password: 'tess-pw',
      host: PROXY_ONLY_HOST,
      port: server.c2sPort,
      tlsMode: 'starttls',
      proxy: through(proxy, 'socks5', true),
    });
    if (!answer.ok) throw new Error(answer.failure.message);
    expect(answer.account.proxy).toEqual({
      type: 'socks5',
      host: '127.0.0.1',
      port: proxy.port,
      username: 'tor',
      hasPassword: true,
    });
    await online;
    // The trial and the saved account's connection, each a name for the proxy to resolve.
    const asked = { host: PROXY_ONLY_HOST, port: server.c2sPort, atyp: 3 };
    expect(proxy.requests).toEqual([asked, asked]);
    expect(h.store.accounts.list()[0]?.proxy).toEqual({
      type: 'socks5',
      host: '127.0.0.1',
      port: proxy.port,
      username: 'tor',
      password: 'onion',
    });
    expect(JSON.stringify(h.events)).not.toContain('onion');

    // Kept in the encrypted store: the next start connects through it again.
    await h.close();
    const again = harness(server.caPem, h.dir, key);
    const back = again.waitFor('account.changed', (a) => a.jid === jid && a.state === 'online');
    await again.backend.start();
    await back;
    expect(proxy.requests).toEqual([asked, asked, asked]);
  });

  it('says the proxy is unreachable, saves nothing and never connects directly', async () => {
    const direct = await countingListener();
    const port = await deadPort();
    const h = harness(server.caPem);
    for (const type of ['socks5', 'http'] as const) {
      const answer = await h.call('accounts.signIn', {
        jid: `tess@${server.domain}`,
        password: 'tess-pw',
        host: '127.0.0.1',
        port: direct.port,
        tlsMode: 'starttls',
        proxy: { type, host: '127.0.0.1', port, username: null, password: null },
      });
      expect(answer).toMatchObject({ ok: false, failure: { code: 'proxy-failed' } });
      expect(answer.ok ? '' : answer.failure.message).toMatch(
        /^Proxy unreachable: .*connection refused/,
      );
    }
    expect(h.store.accounts.list()).toEqual([]);
    expect(direct.count()).toBe(0);
  });

  it('says the proxy refused wrong proxy credentials, and saves nothing', async () => {
    const proxy = await socks();
    const h = harness(server.caPem);
    const answer = await h.call('accounts.signIn', {
      jid: `tess@${server.domain}`,
      password: 'tess-pw',
      host: PROXY_ONLY_HOST,
      port: server.c2sPort,
      tlsMode: 'starttls',
      proxy: { ...through(proxy, 'socks5', true), password: 'not-onion' },
    });
    expect(answer).toEqual({
      ok: false,
      failure: {
        code: 'proxy-failed',
        message: 'Proxy refused: wrong proxy user name or password',
        certificate: null,
      },
    });
    expect(proxy.requests).toEqual([]);
    expect(h.store.accounts.list()).toEqual([]);
  });

  it('"Save anyway" keeps the proxy and the saved account connects only through it', async () => {
    const direct = await countingListener();
    const port = await deadPort();
    const h = harness(server.caPem);
    const failed = h.waitFor('account.changed', (a) => a.state === 'error');
    const saved = await h.call('accounts.saveUntried', {
      jid: `tess@${server.domain}`,
      password: 'tess-pw',
      host: '127.0.0.1',
      port: direct.port,
      tlsMode: 'starttls',
      proxy: { type: 'socks5', host: '127.0.0.1', port, username: null, password: null },
    });
    expect(saved.proxy).toMatchObject({ type: 'socks5', port, hasPassword: false });
    expect((await failed).error).toMatchObject({ code: 'proxy-failed' });
    expect(h.store.accounts.list()[0]?.proxy).toMatchObject({ type: 'socks5', port });
    expect(direct.count()).toBe(0);
  });
});

describe('sign-up (XEP-0077) through a proxy (against Prosody)', () => {
  it('fetches the form and creates the account through HTTP CONNECT, then signs in through it', async () => {
    const proxy = await connectProxy();
    const h = harness(open.caPem);
    const settings = {
      server: open.domain,
      host: PROXY_ONLY_HOST,
      port: open.c2sPort,
      tlsMode: 'starttls' as const,
      proxy: through(proxy, 'http', false),
    };
    const started = await h.call('registration.start', settings);
    if (!started.ok) throw new Error(started.failure.message);
    const jid = `onion@${open.domain}`;
    const online = h.waitFor('account.changed', (a) => a.jid === jid && a.state === 'online');
    const done = await h.call('registration.submit', {
      id: started.form.id,
      values: { username: ['onion'], password: ['onion-pw'] },
    });
    expect(done).toMatchObject({ ok: true, account: { jid, proxy: { type: 'http' } } });
    await online;
    const asked = { host: PROXY_ONLY_HOST, port: open.c2sPort, atyp: null };
    // The sign-up stream, then the new account's own connection.
    expect(proxy.requests).toEqual([asked, asked]);
    expect(h.store.accounts.list()[0]?.proxy).toMatchObject({ type: 'http', port: proxy.port });

    // Password change and deletion ride on the account's own session: no new connection, so
    // nothing that could go around the proxy.
    const accountId = done.ok ? done.account.id : '';
    expect(await h.call('account.password.change', { accountId, password: 'onion-pw-2' })).toEqual({
      ok: true,
    });
    const removed = h.waitFor('account.removed', (r) => r.id === accountId);
    expect(await h.call('account.server.delete', { accountId, confirm: jid })).toEqual({
      ok: true,
    });
    await removed;
    expect(proxy.requests).toEqual([asked, asked]);
  });

  it('fetches the form again through the proxy when the server closed the idle stream', async () => {
    const proxy = await socks();
    const registrations = new Registrations(() => ({ caPem: open.caPem }));
    const started = await registrations.start({
      server: open.domain,
      host: PROXY_ONLY_HOST,
      port: open.c2sPort,
      tlsMode: 'starttls',
      pinnedFingerprint256: null,
      proxy: {
        type: 'socks5',
        host: '127.0.0.1',
        port: proxy.port,
        username: 'tor',
        password: 'onion',
      },
    });
    if (!started.ok) throw new Error(started.failure.message);
    await registrations.closeStreamOf(started.form.id);
    const done = await registrations.submit(started.form.id, {
      username: ['refetched'],
      password: ['refetched-pw'],
    });
    expect(done).toMatchObject({ ok: true, account: { jid: `refetched@${open.domain}` } });
    expect(proxy.requests.map((r) => r.host)).toEqual([PROXY_ONLY_HOST, PROXY_ONLY_HOST]);
    registrations.stopAll();
  });

  it('says the proxy is unreachable and opens no direct stream', async () => {
    const direct = await countingListener();
    const h = harness(open.caPem);
    const started = await h.call('registration.start', {
      server: open.domain,
      host: '127.0.0.1',
      port: direct.port,
      tlsMode: 'starttls',
      proxy: { type: 'http', host: '127.0.0.1', port: await deadPort(), username: null },
    });
    expect(started).toMatchObject({ ok: false, failure: { code: 'proxy-failed' } });
    expect(started.ok ? '' : started.failure.message).toMatch(/^Proxy unreachable/);
    expect(direct.count()).toBe(0);
    expect(h.store.accounts.list()).toEqual([]);
  });
});
