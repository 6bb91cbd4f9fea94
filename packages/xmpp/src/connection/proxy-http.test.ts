import { startConnectProxy } from '@parley/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { httpConnectHandshake } from './proxy-http.js';
import { closedPort, roundTrip, startEcho, startHostile, tcp } from './proxy-test-support.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});
const noAuth = { username: null, password: null };

describe('HTTP CONNECT handshake', () => {
  it('tunnels to the target by name, with Basic authentication', async () => {
    const echo = await startEcho();
    const proxy = await startConnectProxy({ username: 'u', password: 'p w' });
    cleanups.push(echo.close, proxy.close);
    const tunnel = await httpConnectHandshake(
      await tcp(proxy.port),
      { host: 'localhost', port: echo.port },
      { username: 'u', password: 'p w' },
      2_000,
    );
    expect(await roundTrip(tunnel, '<stream>')).toBe('<stream>');
    tunnel.destroy();
    expect(proxy.requests).toEqual([{ host: 'localhost', port: echo.port, atyp: null }]);
  });

  it('reports 407 (wrong credentials) and 502 (server down) as refusals in words', async () => {
    const echo = await startEcho();
    const proxy = await startConnectProxy({ username: 'u', password: 'p' });
    cleanups.push(echo.close, proxy.close);
    await expect(
      httpConnectHandshake(
        await tcp(proxy.port),
        { host: 'localhost', port: echo.port },
        { username: 'u', password: 'wrong' },
        2_000,
      ),
    ).rejects.toMatchObject({
      code: 'proxy-failed',
      message: 'Proxy refused: 407 Proxy Authentication Required',
      condition: 'proxy-auth',
    });
    await expect(
      httpConnectHandshake(
        await tcp(proxy.port),
        { host: 'localhost', port: await closedPort() },
        { username: 'u', password: 'p' },
        2_000,
      ),
    ).rejects.toMatchObject({ message: 'Proxy refused: 502 Bad Gateway', condition: null });
    expect(echo.connections).toBe(0);
  });

  it('refuses hostile answers: endless headers (bounded), not HTTP, silence', async () => {
    const target = { host: 'localhost', port: 5222 };
    let sent = 0;
    const endless = await startHostile((s) => {
      s.once('data', () => {
        s.write('HTTP/1.1 200 OK\r\n');
        const line = `X-Junk: ${'a'.repeat(1000)}\r\n`;
        // At most 4 MB, unless the client hangs up first (what we expect, far earlier).
        const timer = setInterval(() => {
          if (s.destroyed || sent > 4 * 1024 * 1024) return clearInterval(timer);
          sent += line.length;
          s.write(line);
        }, 1);
      });
    });
    const junk = await startHostile((s) => s.once('data', () => s.end('\x05\x00garbage\r\n\r\n')));
    const silent = await startHostile(() => {});
    cleanups.push(endless.close, junk.close, silent.close);
    await expect(
      httpConnectHandshake(await tcp(endless.port), target, noAuth, 5_000),
    ).rejects.toMatchObject({
      code: 'proxy-failed',
      message: expect.stringMatching(/^Proxy refused: it is not an HTTP proxy \(invalid answer/),
    });
    expect(sent).toBeLessThan(64 * 1024);
    await expect(
      httpConnectHandshake(await tcp(junk.port), target, noAuth, 2_000),
    ).rejects.toMatchObject({
      code: 'proxy-failed',
      message: expect.stringMatching(/^Proxy refused: /),
    });
    await expect(
      httpConnectHandshake(await tcp(silent.port), target, noAuth, 300),
    ).rejects.toMatchObject({ message: 'Proxy refused: no answer in time' });
  });

  it('refuses a user name with a colon (Basic cannot carry it)', async () => {
    const silent = await startHostile(() => {});
    cleanups.push(silent.close);
    await expect(
      httpConnectHandshake(
        await tcp(silent.port),
        { host: 'localhost', port: 1 },
        { username: 'a:b', password: 'x' },
        2_000,
      ),
    ).rejects.toMatchObject({ code: 'proxy-failed', message: expect.stringMatching(/":"/) });
  });
});
