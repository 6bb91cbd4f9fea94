import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startConnectProxy, startSocksProxy } from '@parley/testkit';
import { dial, endpoints, type SrvRecord } from './dial.js';
import { closedPort, startEcho } from './proxy-test-support.js';

const srv = (table: Record<string, SrvRecord[]>) => async (name: string) => {
  const r = table[name];
  if (!r) throw Object.assign(new Error('nx'), { code: 'ENOTFOUND' });
  return r;
};

describe('endpoints', () => {
  it('uses an explicit host and port as given', async () => {
    expect(await endpoints('d', { host: 'h', port: 1, tlsMode: 'direct' })).toEqual([
      { host: 'h', port: 1, directTls: true },
    ]);
    expect(await endpoints('d', { host: 'h', tlsMode: 'starttls' })).toEqual([
      { host: 'h', port: 5222, directTls: false },
    ]);
    expect(await endpoints('d', { host: 'h', tlsMode: 'auto' })).toEqual([
      { host: 'h', port: 5223, directTls: true },
      { host: 'h', port: 5222, directTls: false },
    ]);
  });

  it('merges xmpps-client and xmpp-client SRV records by priority then weight (auto)', async () => {
    const resolver = srv({
      '_xmpps-client._tcp.example.org': [
        { name: 'tls.example.org', port: 443, priority: 10, weight: 0 },
      ],
      '_xmpp-client._tcp.example.org': [
        { name: 'a.example.org', port: 5222, priority: 5, weight: 1 },
        { name: 'b.example.org', port: 5222, priority: 5, weight: 9 },
        { name: '.', port: 0, priority: 1, weight: 0 },
      ],
    });
    expect(await endpoints('example.org', { tlsMode: 'auto' }, resolver)).toEqual([
      { host: 'b.example.org', port: 5222, directTls: false },
      { host: 'a.example.org', port: 5222, directTls: false },
      { host: 'tls.example.org', port: 443, directTls: true },
    ]);
    expect(await endpoints('example.org', { tlsMode: 'direct' }, resolver)).toEqual([
      { host: 'tls.example.org', port: 443, directTls: true },
    ]);
  });

  it('falls back to the domain on the default port without SRV records', async () => {
    const none = srv({});
    expect(await endpoints('x.org', { tlsMode: 'auto' }, none)).toEqual([
      { host: 'x.org', port: 5222, directTls: false },
    ]);
    expect(await endpoints('x.org', { tlsMode: 'direct' }, none)).toEqual([
      { host: 'x.org', port: 5223, directTls: true },
    ]);
  });
});

describe('endpoints behind a proxy', () => {
  it('looks nothing up (the proxy resolves the domain) and keeps an explicit host', async () => {
    const lookups: string[] = [];
    const resolver = async (name: string): Promise<SrvRecord[]> => {
      lookups.push(name);
      return [{ name: 'srv.example.org', port: 5222, priority: 0, weight: 0 }];
    };
    const proxy = {
      type: 'socks5' as const,
      host: '127.0.0.1',
      port: 9050,
      username: null,
      password: null,
    };
    expect(await endpoints('example.org', { tlsMode: 'starttls', proxy }, resolver)).toEqual([
      { host: 'example.org', port: 5222, directTls: false },
    ]);
    expect(await endpoints('example.org', { tlsMode: 'auto', proxy }, resolver)).toEqual([
      { host: 'example.org', port: 5223, directTls: true },
      { host: 'example.org', port: 5222, directTls: false },
    ]);
    expect(
      await endpoints(
        'example.org',
        { host: 'xmpp.example.org', port: 443, tlsMode: 'direct', proxy },
        resolver,
      ),
    ).toEqual([{ host: 'xmpp.example.org', port: 443, directTls: true }]);
    expect(lookups).toEqual([]);
  });
});

describe('dial through a proxy', () => {
  const params = { domain: 'localhost', trust: {}, timeoutMs: 2_000 };

  it('goes through the SOCKS5 or HTTP proxy, never directly', async () => {
    const server = await startEcho();
    const socks = await startSocksProxy();
    const http = await startConnectProxy();
    try {
      for (const [type, proxy] of [
        ['socks5', socks],
        ['http', http],
      ] as const) {
        const socket = await dial([{ host: 'localhost', port: server.port, directTls: false }], {
          ...params,
          proxy: { type, host: '127.0.0.1', port: proxy.port, username: null, password: null },
        });
        socket.destroy();
        expect(proxy.requests.map((r) => r.host)).toEqual(['localhost']);
      }
      expect(server.connections).toBe(2);
    } finally {
      await Promise.all([server.close(), socks.close(), http.close()]);
    }
  });

  it('fails with "proxy unreachable" when the proxy is down, and never falls back to direct', async () => {
    const server = await startEcho();
    const port = await closedPort();
    try {
      for (const type of ['socks5', 'http'] as const) {
        await expect(
          dial(
            [
              { host: '127.0.0.1', port: server.port, directTls: true },
              { host: '127.0.0.1', port: server.port, directTls: false },
            ],
            { ...params, proxy: { type, host: '127.0.0.1', port, username: null, password: null } },
          ),
        ).rejects.toMatchObject({
          code: 'proxy-failed',
          message: expect.stringMatching(
            /^Proxy unreachable: .*proxy 127\.0\.0\.1:\d+: connection refused$/,
          ),
        });
      }
      expect(server.connections).toBe(0);
    } finally {
      await server.close();
    }
  });
});

describe('dial', () => {
  it('reports a closed port as host-unreachable, in words', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    await new Promise((r) => server.close(r));
    await expect(
      dial([{ host: '127.0.0.1', port, directTls: false }], {
        domain: 'localhost',
        trust: {},
        timeoutMs: 2_000,
      }),
    ).rejects.toMatchObject({
      code: 'host-unreachable',
      message: expect.stringMatching(/refused/),
    });
  });

  it('moves on to the next endpoint and sets TCP_NODELAY', async () => {
    const server = createServer((s) => s.end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const socket = await dial(
      [
        { host: '127.0.0.1', port: 1, directTls: false },
        { host: '127.0.0.1', port, directTls: false },
      ],
      { domain: 'localhost', trust: {}, timeoutMs: 2_000 },
    );
    expect(socket.secure).toBe(false);
    socket.destroy();
    await new Promise((r) => server.close(r));
  });
});
