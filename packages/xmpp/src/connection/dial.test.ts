import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { dial, endpoints, type SrvRecord } from './dial.js';

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
