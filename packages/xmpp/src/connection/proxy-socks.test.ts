import { startSocksProxy } from '@parley/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { socks5Handshake } from './proxy-socks.js';
import { closedPort, roundTrip, startEcho, startHostile, tcp } from './proxy-test-support.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});
const noAuth = { username: null, password: null };

describe('SOCKS5 handshake (RFC 1928/1929)', () => {
  it('tunnels to the target, asking the proxy for the name (ATYP domain), not an address', async () => {
    const echo = await startEcho();
    const proxy = await startSocksProxy();
    cleanups.push(echo.close, proxy.close);
    const tunnel = await socks5Handshake(
      await tcp(proxy.port),
      { host: 'localhost', port: echo.port },
      noAuth,
      2_000,
    );
    expect(await roundTrip(tunnel, '<stream>')).toBe('<stream>');
    tunnel.destroy();
    expect(proxy.requests).toEqual([{ host: 'localhost', port: echo.port, atyp: 3 }]);
    expect(echo.connections).toBe(1);
  });

  it('signs in with username and password, and says so in words when they are wrong', async () => {
    const echo = await startEcho();
    const proxy = await startSocksProxy({ username: 'tor', password: 'onion' });
    cleanups.push(echo.close, proxy.close);
    const target = { host: 'localhost', port: echo.port };
    const good = await socks5Handshake(
      await tcp(proxy.port),
      target,
      { username: 'tor', password: 'onion' },
      2_000,
    );
    expect(await roundTrip(good, 'x')).toBe('x');
    good.destroy();
    await expect(
      socks5Handshake(await tcp(proxy.port), target, { username: 'tor', password: 'no' }, 2_000),
    ).rejects.toMatchObject({
      code: 'proxy-failed',
      message: 'Proxy refused: wrong proxy user name or password',
      condition: 'proxy-auth',
    });
    await expect(
      socks5Handshake(await tcp(proxy.port), target, noAuth, 2_000),
    ).rejects.toMatchObject({
      code: 'proxy-failed',
      message: expect.stringMatching(/^Proxy refused: it accepts none of our ways to sign in/),
    });
    expect(echo.connections).toBe(1);
  });

  it('reports the reply code of a refused CONNECT in words', async () => {
    const proxy = await startSocksProxy();
    cleanups.push(proxy.close);
    await expect(
      socks5Handshake(
        await tcp(proxy.port),
        { host: 'localhost', port: await closedPort() },
        noAuth,
        2_000,
      ),
    ).rejects.toMatchObject({
      code: 'proxy-failed',
      message: 'Proxy refused: the server refused the connection',
    });
    await expect(
      socks5Handshake(await tcp(proxy.port), { host: 'example.org', port: 5222 }, noAuth, 2_000),
    ).rejects.toMatchObject({ message: 'Proxy refused: server unreachable from the proxy' });
  });

  it('refuses hostile answers (not SOCKS, silence, a flood) within its time limit', async () => {
    const target = { host: 'localhost', port: 5222 };
    const http = await startHostile((s) => s.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    const silent = await startHostile(() => {});
    // Accepts, then answers a CONNECT with a domain reply claiming a long name and a flood.
    const flood = await startHostile((s) => {
      s.once('data', () => {
        s.write(Buffer.from([5, 0]));
        s.once('data', () => s.write(Buffer.alloc(4 * 1024 * 1024, 0x41)));
      });
    });
    cleanups.push(http.close, silent.close, flood.close);
    await expect(
      socks5Handshake(await tcp(http.port), target, noAuth, 2_000),
    ).rejects.toMatchObject({
      code: 'proxy-failed',
      message: expect.stringMatching(/^Proxy refused: /),
    });
    const started = Date.now();
    await expect(
      socks5Handshake(await tcp(silent.port), target, noAuth, 300),
    ).rejects.toMatchObject({
      message: 'Proxy refused: no answer in time',
    });
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect(
      socks5Handshake(await tcp(flood.port), target, noAuth, 2_000),
    ).rejects.toMatchObject({
      code: 'proxy-failed',
    });
  });

  it('refuses a target it cannot ask for, before sending anything', async () => {
    const silent = await startHostile(() => {});
    cleanups.push(silent.close);
    await expect(
      socks5Handshake(await tcp(silent.port), { host: 'bad host\r\n', port: 1 }, noAuth, 2_000),
    ).rejects.toMatchObject({ code: 'proxy-failed' });
  });
});
