import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { createServer, type AddressInfo, type LookupFunction, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCertificates, startConnectProxy, startSocksProxy } from '@parley/testkit';
import type { ProxyConfig } from '@parley/xmpp';
import { afterEach, describe, expect, it } from 'vitest';
import { networkWords, startRequest, type RequestRoute } from './http-common.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A server that counts connections and answers every request with `body` (or never ends). */
async function origin(
  server: http.Server,
  body: string | null,
): Promise<{ port: number; connections: number; open: Set<Socket> }> {
  const state = { port: 0, connections: 0, open: new Set<Socket>() };
  server.on('connection', (s: Socket) => {
    state.connections++;
    state.open.add(s);
    s.on('close', () => state.open.delete(s));
  });
  server.on('request', (_req: IncomingMessage, res: http.ServerResponse) => {
    if (body === null) {
      // Headers and a first chunk, then nothing: a download in progress.
      res.writeHead(200, { 'content-length': '1000000' });
      res.write('x'.repeat(1000));
      return;
    }
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.port = (server.address() as AddressInfo).port;
  cleanups.push(
    () =>
      new Promise<void>((r) => {
        for (const s of state.open) s.destroy();
        server.close(() => r());
      }),
  );
  return state;
}

/** A name lookup that fails the test if anything tries to resolve a name locally. */
const lookups: string[] = [];
const noLocalLookup: LookupFunction = (hostname, _options, callback) => {
  lookups.push(hostname);
  callback(new Error(`looked up ${hostname} locally`) as NodeJS.ErrnoException, '', 0);
};

function proxyOf(type: ProxyConfig['type'], port: number): ProxyConfig {
  return { type, host: '127.0.0.1', port, username: null, password: null };
}

async function get(url: string, route: RequestRoute, caPem: string | null = null) {
  const controller = new AbortController();
  const { req, response } = startRequest(new URL(url), 'GET', {}, caPem, controller.signal, route);
  cleanups.push(() => {
    req.destroy();
  });
  req.end();
  const res = await response;
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

describe('HTTP(S) requests through the account proxy', () => {
  it('GETs over SOCKS5, handing the proxy the host name (ATYP domain) and resolving nothing', async () => {
    const site = await origin(http.createServer(), 'hello');
    const socks = await startSocksProxy();
    cleanups.push(socks.close);
    lookups.length = 0;
    const body = await get(`http://localhost:${site.port}/file`, {
      proxy: proxyOf('socks5', socks.port),
      lookup: noLocalLookup,
      connectTimeoutMs: 5_000,
    });
    expect(body).toBe('hello');
    expect(socks.requests).toEqual([{ host: 'localhost', port: site.port, atyp: 3 }]);
    expect(lookups).toEqual([]);
    expect(site.connections).toBe(1);
  });

  it('GETs https over HTTP CONNECT with the certificate verified as directly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-tunnel-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const certs = await makeCertificates(dir, ['files.localhost']);
    const options = { cert: readFileSync(certs.certPath), key: readFileSync(certs.keyPath) };
    const site = await origin(https.createServer(options), 'secret');
    const proxy = await startConnectProxy({ names: ['files.localhost'] });
    cleanups.push(proxy.close);
    const route = { proxy: proxyOf('http', proxy.port), connectTimeoutMs: 5_000 };
    const url = `https://files.localhost:${site.port}/f`;
    expect(await get(url, route, certs.caPem)).toBe('secret');
    expect(proxy.requests[0]).toEqual({ host: 'files.localhost', port: site.port, atyp: null });
    // Without the test CA the same server is not trusted: no weaker check behind a proxy.
    const refused = await get(url, route).then(
      () => null,
      (e: unknown) => e,
    );
    expect(networkWords(refused)).toBe("the server's certificate is not trusted");
    // Making the certificates spawns five openssl processes: slow while the unit run is busy.
  }, 30_000);

  it('fails in words when the proxy is down, and connects to nothing directly', async () => {
    const site = await origin(http.createServer(), 'hello');
    const dead = createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const deadPort = (dead.address() as AddressInfo).port;
    await new Promise<void>((r) => dead.close(() => r()));
    const error = await get(`http://localhost:${site.port}/`, {
      proxy: proxyOf('socks5', deadPort),
      connectTimeoutMs: 5_000,
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(networkWords(error)).toBe(
      `proxy unreachable: SOCKS5 proxy 127.0.0.1:${deadPort}: connection refused`,
    );
    expect(site.connections).toBe(0);
  });

  it('reports a refusal by the proxy in its words', async () => {
    const socks = await startSocksProxy({ names: [] });
    cleanups.push(socks.close);
    const error = await get('http://files.example:8080/', {
      proxy: proxyOf('socks5', socks.port),
      connectTimeoutMs: 5_000,
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(networkWords(error)).toBe('proxy refused: server unreachable from the proxy');
  });

  it('a cancel mid-download destroys the tunnel, so the server sees its connection close', async () => {
    const site = await origin(http.createServer(), null);
    const socks = await startSocksProxy();
    cleanups.push(socks.close);
    const controller = new AbortController();
    const { req, response } = startRequest(
      new URL(`http://localhost:${site.port}/big`),
      'GET',
      {},
      null,
      controller.signal,
      { proxy: proxyOf('socks5', socks.port), connectTimeoutMs: 5_000 },
    );
    req.end();
    const res = await response;
    await new Promise((r) => res.once('data', r));
    expect(site.open.size).toBe(1);
    controller.abort();
    const deadline = Date.now() + 5_000;
    while (site.open.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(site.open.size).toBe(0);
  });

  it('a cancel while the proxy is still answering closes the half-made tunnel', async () => {
    // A proxy that accepts and never answers the greeting (but reads, so it sees the close).
    const held = new Set<Socket>();
    const silent = createServer((s) => {
      s.resume();
      held.add(s);
      s.on('close', () => held.delete(s));
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    cleanups.push(
      () =>
        new Promise<void>((r) => {
          for (const s of held) s.destroy();
          silent.close(() => r());
        }),
    );
    const controller = new AbortController();
    const { req, response } = startRequest(
      new URL('http://localhost:1/'),
      'GET',
      {},
      null,
      controller.signal,
      {
        proxy: proxyOf('socks5', (silent.address() as AddressInfo).port),
        connectTimeoutMs: 5_000,
      },
    );
    req.end();
    const deadline = Date.now() + 5_000;
    while (held.size === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(held.size).toBe(1);
    controller.abort();
    await expect(response).rejects.toThrow(/abort/i);
    while (held.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(held.size).toBe(0);
  });
});
