import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSocksProxy } from '@parley/testkit';
import { startHttpServer, type TestHttpServer } from '../../test-support/http-server.js';
import { fetchPage, PAGE_LIMITS, type PageFetchOptions } from './fetch-page.js';

let server: TestHttpServer;
const page = '<html><head><title>Hi</title></head><body>' + 'x'.repeat(100_000) + '</body></html>';

beforeAll(async () => {
  server = await startHttpServer((req, res) => {
    switch (req.url) {
      case '/page':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'set-cookie': 'a=b' });
        res.end(page);
        return;
      case '/latin1':
        res.writeHead(200, { 'content-type': 'text/html; charset=iso-8859-1' });
        res.end(Buffer.from([0x3c, 0x74, 0x69, 0x74, 0x6c, 0x65, 0x3e, 0x63, 0x61, 0x66, 0xe9]));
        return;
      case '/moved':
        res.writeHead(302, { location: '/page' });
        res.end();
        return;
      case '/loop':
        res.writeHead(302, { location: '/loop' });
        res.end();
        return;
      case '/image':
        res.writeHead(200, { 'content-type': 'image/png' });
        res.end('png');
        return;
      case '/slow':
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<title>never ends');
        return; // never ends
      default:
        res.writeHead(404);
        res.end();
    }
  });
});
afterAll(() => server.close());

const testing: PageFetchOptions = { ...PAGE_LIMITS, caPem: null, allowLoopbackHttp: true };
const at = (path: string) => new URL(`${server.origin}${path}`);

describe('fetching a page for its link card', () => {
  it('reads an HTML page, bounded in bytes, following a redirect, sending no cookie', async () => {
    const { url, html } = await fetchPage(at('/moved'), { ...testing, maxBytes: 4096 });
    expect(url.pathname).toBe('/page');
    expect(html.startsWith('<html><head><title>Hi</title>')).toBe(true);
    expect(html.length).toBe(4096);
    const request = server.requests.at(-1)!;
    expect(request.headers.cookie).toBeUndefined();
    expect(request.headers.authorization).toBeUndefined();
  });

  it('decodes the charset the page names', async () => {
    expect((await fetchPage(at('/latin1'), testing)).html).toBe('<title>café');
  });

  it('refuses what is not HTML, too many redirects, and a page that never ends', async () => {
    await expect(fetchPage(at('/image'), testing)).rejects.toThrow(/not an HTML page/u);
    await expect(fetchPage(at('/loop'), testing)).rejects.toThrow(/too many redirects/u);
    await expect(fetchPage(at('/slow'), { ...testing, timeoutMs: 300 })).rejects.toThrow();
  });

  it('without the test opt-in: no plain http, no loopback or private address', async () => {
    const real: PageFetchOptions = { ...PAGE_LIMITS, caPem: null, allowLoopbackHttp: false };
    await expect(fetchPage(at('/page'), real)).rejects.toThrow(/https/u);
    for (const host of ['127.0.0.1', '[::1]', '10.1.2.3', '192.168.1.1', '169.254.169.254']) {
      await expect(fetchPage(new URL(`https://${host}/x`), real)).rejects.toThrow(
        /private or local/u,
      );
    }
    // A name that resolves to a private address is refused before any connection.
    const rebind = { ...real, resolveHost: async () => ['192.168.0.10'] };
    await expect(fetchPage(new URL('https://intranet.example.org/'), rebind)).rejects.toThrow(
      /private or local/u,
    );
    await expect(fetchPage(new URL('https://u:p@example.org/'), real)).rejects.toThrow(
      /credentials/u,
    );
  });
});

describe('a page behind the account proxy', () => {
  it('is fetched through the proxy, by name, with nothing looked up here', async () => {
    const proxy = await startSocksProxy({ names: ['pages.behind-proxy.invalid'] });
    const port = Number(new URL(server.origin).port);
    try {
      const noLookup = async (): Promise<string[]> => {
        throw new Error('looked up locally');
      };
      const { html } = await fetchPage(new URL(`http://pages.behind-proxy.invalid:${port}/page`), {
        ...testing,
        maxBytes: 4096,
        resolveHost: noLookup,
        proxy: {
          type: 'socks5',
          host: '127.0.0.1',
          port: proxy.port,
          username: null,
          password: null,
        },
      });
      expect(html.startsWith('<html><head><title>Hi</title>')).toBe(true);
      expect(proxy.requests).toEqual([{ host: 'pages.behind-proxy.invalid', port, atyp: 3 }]);
    } finally {
      await proxy.close();
    }
  });

  it('still refuses a private address written in the link', async () => {
    const proxy = await startSocksProxy();
    try {
      const behind = {
        ...PAGE_LIMITS,
        caPem: null,
        allowLoopbackHttp: false,
        proxy: {
          type: 'socks5' as const,
          host: '127.0.0.1',
          port: proxy.port,
          username: null,
          password: null,
        },
      };
      await expect(fetchPage(new URL('https://192.168.1.1/'), behind)).rejects.toThrow(
        /private or local/u,
      );
      expect(proxy.connections).toBe(0);
    } finally {
      await proxy.close();
    }
  });
});
