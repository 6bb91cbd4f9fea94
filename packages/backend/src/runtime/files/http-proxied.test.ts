import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSocksProxy } from '@parley/testkit';
import type { ProxyConfig } from '@parley/xmpp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readBody, startHttpServer } from '../../test-support/http-server.js';
import { TransferFailure, fetchableUrl } from './http-common.js';
import { downloadFile } from './http-download.js';
import { putFile } from './http-upload.js';

const content = randomBytes(64 * 1024);
let dir: string;
const cleanups: (() => Promise<void> | void)[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-proxied-'));
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  rmSync(dir, { recursive: true, force: true });
});

const socks = (port: number): ProxyConfig => ({
  type: 'socks5',
  host: '127.0.0.1',
  port,
  username: null,
  password: null,
});

/** A port nothing listens on. */
async function deadPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** A proxy that takes connections and never answers: the tunnel never comes up. */
async function silentProxy(): Promise<{ port: number; held: Set<Socket> }> {
  const held = new Set<Socket>();
  const s = createServer((socket) => {
    socket.resume();
    held.add(socket);
    socket.on('close', () => held.delete(socket));
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  cleanups.push(
    () =>
      new Promise<void>((r) => {
        for (const socket of held) socket.destroy();
        s.close(() => r());
      }),
  );
  return { port: (s.address() as AddressInfo).port, held };
}

function put(url: string, proxy: ProxyConfig, path: string) {
  return putFile({
    url: new URL(url),
    headers: {},
    path,
    size: content.length,
    contentType: 'application/octet-stream',
    onBytes: () => {},
    caPem: null,
    proxy,
    signal: new AbortController().signal,
    stallMs: 5_000,
  });
}

describe('uploads and downloads through the account proxy', () => {
  it('PUTs the file through the proxy, asking for the host by name', async () => {
    const bodies: Buffer[] = [];
    const server = await startHttpServer((req, res) => {
      void readBody(req).then((body) => {
        bodies.push(body);
        res.writeHead(201).end();
      });
    });
    cleanups.push(server.close);
    const proxy = await startSocksProxy();
    cleanups.push(proxy.close);
    const path = join(dir, 'up.bin');
    writeFileSync(path, content);
    const port = new URL(server.origin).port;
    await put(`http://localhost:${port}/slot`, socks(proxy.port), path);
    expect(bodies).toHaveLength(1);
    expect(bodies[0]!.equals(content)).toBe(true);
    expect(proxy.requests).toEqual([{ host: 'localhost', port: Number(port), atyp: 3 }]);
  });

  it('fails an upload with the proxy reason when the proxy is down; nothing reaches the server', async () => {
    const server = await startHttpServer((_req, res) => res.writeHead(201).end());
    cleanups.push(server.close);
    const path = join(dir, 'up.bin');
    writeFileSync(path, content);
    const dead = await deadPort();
    const error = await put(`${server.origin}/slot`, socks(dead), path).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TransferFailure);
    expect(error).toMatchObject({
      code: 'upload-failed',
      message: `Could not upload: proxy unreachable: SOCKS5 proxy 127.0.0.1:${dead}: connection refused`,
    });
    expect(server.requests).toEqual([]);
  });

  it('the stall watchdog ends a download whose proxy never answers, and drops the connection', async () => {
    const proxy = await silentProxy();
    const error = await downloadFile({
      url: new URL('http://localhost:9/file.bin'),
      checkRedirect: (target) => fetchableUrl(target, true),
      dir,
      safeName: 'file.bin',
      size: null,
      sha256: null,
      maxBytes: 1024,
      caPem: null,
      proxy: socks(proxy.port),
      signal: new AbortController().signal,
      stallMs: 300,
      onBytes: () => {},
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'stalled' });
    const deadline = Date.now() + 5_000;
    while (proxy.held.size > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(proxy.held.size).toBe(0);
    expect(readdirSync(dir)).toEqual([]);
  });
});
