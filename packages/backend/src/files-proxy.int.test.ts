// File transfers of an account behind a proxy (SOCKS5, HTTP CONNECT) against Prosody's
// http_file_share: every upload and download goes through the proxy, by name, and nothing
// connects directly. Prosody's upload URLs point at a counting relay (by the name "localhost"),
// so the relay sees every connection to the file host, proxied or not, and the proxy's log says
// which ones came through it.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Account, Message, ProxyInput, Transfer } from '@parley/contract';
import {
  startConnectProxy,
  startProsody,
  startSocksProxy,
  type TestForwardProxy,
  type TestServer,
} from '@parley/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { befriend, type Device } from './test-support/accounts.js';
import { eventually, startHarness, type Harness } from './test-support/harness.js';

interface Relay {
  port: number;
  /** Prosody's HTTP port, known once it runs. */
  target: number;
  connections: number;
  open: Set<Socket>;
  /** New connections pass the server's first chunk only, then hang: a download in progress. */
  hold: boolean;
  firstChunks: number;
}

let server: TestServer;
let relay: Relay;
let work: string;
const opened: Harness[] = [];
const closers: (() => Promise<void>)[] = [];
let n = 0;

async function startRelay(): Promise<Relay> {
  const state: Relay = {
    port: 0,
    target: 0,
    connections: 0,
    open: new Set(),
    hold: false,
    firstChunks: 0,
  };
  const listener = createServer((client) => {
    state.connections++;
    state.open.add(client);
    const up = connect({ host: '127.0.0.1', port: state.target });
    const end = (): void => {
      client.destroy();
      up.destroy();
    };
    client.on('close', () => {
      state.open.delete(client);
      end();
    });
    client.on('error', end);
    up.on('error', end).on('close', end);
    client.pipe(up);
    if (state.hold) {
      up.once('data', (chunk: Buffer) => {
        up.pause();
        client.write(chunk);
        state.firstChunks++;
      });
    } else up.pipe(client);
  });
  await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
  state.port = (listener.address() as AddressInfo).port;
  closers.push(
    () =>
      new Promise<void>((r) => {
        for (const s of state.open) s.destroy();
        listener.close(() => r());
      }),
  );
  return state;
}

beforeAll(async () => {
  relay = await startRelay();
  server = await startProsody({ httpExternalUrl: `http://localhost:${relay.port}/` });
  relay.target = server.httpPort;
  work = mkdtempSync(join(tmpdir(), 'parley-files-proxy-'));
});
afterAll(async () => {
  await Promise.all(opened.map((h) => h.close(true)));
  for (const close of closers) await close();
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

function proxyOf(p: TestForwardProxy, type: ProxyInput['type']): ProxyInput {
  return { type, host: '127.0.0.1', port: p.port, username: null, password: null };
}

/** A new user whose account connects (XMPP and files) through `proxy`, online and synced. */
async function behind(prefix: string, proxy: ProxyInput, encryptFiles = false): Promise<Device> {
  const local = `${prefix}${++n}`;
  await server.createUser(local, `${local}-pw`);
  const key = randomBytes(32);
  const h = startHarness({
    caPem: server.caPem,
    key,
    ...(encryptFiles ? { encryptFilesFor: () => true } : {}),
  });
  opened.push(h);
  const added = await h.call('accounts.add', {
    jid: `${local}@${server.domain}`,
    password: `${local}-pw`,
    host: null,
    port: server.c2sPort,
    tlsMode: 'starttls',
    connect: false,
  });
  await h.call('accounts.proxy.set', { id: added.id, proxy });
  const online = h.waitFor('account.changed', (a) => a.id === added.id && a.state === 'online');
  await h.call('accounts.connect', { id: added.id });
  const account: Account = await online;
  await eventually(() =>
    h.events.some(
      (e) =>
        e.name === 'history.progress' &&
        (e.payload as { accountId: string; done: boolean }).accountId === account.id &&
        (e.payload as { done: boolean }).done,
    ),
  );
  return { h, account, key };
}

/** Both ways in the clear: a plain (not aesgcm://) file, announced with its hash. */
async function inTheClear(a: Device, b: Device): Promise<void> {
  for (const [from, to] of [
    [a, b],
    [b, a],
  ] as const) {
    await from.h.call('omemo.conversation.set', {
      accountId: from.account.id,
      peer: to.account.jid,
      encryption: 'off',
    });
  }
}

function finished(d: Device, id: string): Promise<Transfer> {
  return d.h.waitFor(
    'transfer.changed',
    (t) => t.id === id && (t.state === 'done' || t.state === 'failed' || t.state === 'cancelled'),
    30_000,
  );
}

function randomFile(name: string, size: number): string {
  const path = join(work, name);
  writeFileSync(path, randomBytes(size));
  return path;
}

/** What reached the file host: every connection at the relay, and those through `proxy`. */
function fileHostCounts(proxy: TestForwardProxy) {
  const viaProxy = proxy.requests.filter((r) => r.port === relay.port);
  return { all: relay.connections, proxied: viaProxy.length, asked: viaProxy };
}

/** `from` sends a file to `to`; resolves with the upload and the message that arrived. */
async function sendFile(from: Device, to: Device, path: string) {
  const arrived = to.h.waitFor('message.added', (m: Message) => m.attachment !== null, 30_000);
  const [t] = await from.h.call('files.send', {
    accountId: from.account.id,
    peer: to.account.jid,
    files: [from.h.grant(path)],
  });
  const up = await finished(from, t!.id);
  expect(up).toMatchObject({ state: 'done', error: null });
  return { up, message: await arrived };
}

async function download(d: Device, message: Message): Promise<Transfer> {
  const t = await d.h.call('files.download', { accountId: d.account.id, messageId: message.id });
  return finished(d, t.id);
}

describe.each([
  ['SOCKS5', 'socks5', startSocksProxy, 3],
  ['HTTP CONNECT', 'http', startConnectProxy, null],
] as const)(
  'file transfers through a %s proxy (Prosody http_file_share)',
  (_, type, start, atyp) => {
    let proxy: TestForwardProxy;
    let alice: Device;
    let bob: Device;
    beforeAll(async () => {
      proxy = await start();
      closers.push(proxy.close);
      alice = await behind('pa', proxyOf(proxy, type));
      bob = await behind('pb', proxyOf(proxy, type));
      await befriend(alice, bob);
      await inTheClear(alice, bob);
    });

    it('uploads and downloads through the proxy, by name, with no direct connection', async () => {
      const path = randomFile(`through-${type}.bin`, 256 * 1024);
      const before = fileHostCounts(proxy);
      const { up, message } = await sendFile(alice, bob, path);
      expect(up).toMatchObject({ state: 'done', error: null });
      const afterUpload = fileHostCounts(proxy);
      // One connection reached the file host, and it came through the proxy, asked by name.
      expect(afterUpload.all - before.all).toBe(1);
      expect(afterUpload.proxied - before.proxied).toBe(1);
      expect(afterUpload.asked.at(-1)).toEqual({ host: 'localhost', port: relay.port, atyp });

      const done = await download(bob, message);
      expect(done).toMatchObject({ state: 'done', error: null });
      expect(readFileSync(done.localPath!).equals(readFileSync(path))).toBe(true);
      const afterDownload = fileHostCounts(proxy);
      expect(afterDownload.all - afterUpload.all).toBe(1);
      expect(afterDownload.proxied - afterUpload.proxied).toBe(1);
      expect(afterDownload.asked.at(-1)).toEqual({ host: 'localhost', port: relay.port, atyp });
    });

    it('downloads a small image from a contact by itself, through the proxy', async () => {
      const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
      const path = join(work, `auto-${type}.png`);
      writeFileSync(path, Buffer.concat([png, randomBytes(20_000)]));
      const before = fileHostCounts(proxy);
      const auto = bob.h.waitFor(
        'transfer.changed',
        (t) => t.direction === 'download' && (t.state === 'done' || t.state === 'failed'),
        30_000,
      );
      await sendFile(alice, bob, path);
      const done = await auto;
      expect(done).toMatchObject({ state: 'done', name: `auto-${type}.png`, error: null });
      expect(readFileSync(done.localPath!).equals(readFileSync(path))).toBe(true);
      // The upload and the automatic download, both through the proxy, by name.
      const after = fileHostCounts(proxy);
      expect(after.all - before.all).toBe(2);
      expect(after.proxied - before.proxied).toBe(2);
      expect(after.asked.slice(-2)).toEqual([
        { host: 'localhost', port: relay.port, atyp },
        { host: 'localhost', port: relay.port, atyp },
      ]);
    });

    it('a cancel during a proxied download frees the tunnel', async () => {
      const path = randomFile(`held-${type}.bin`, 2 * 1024 * 1024);
      const { message } = await sendFile(alice, bob, path);
      relay.hold = true;
      try {
        const firsts = relay.firstChunks;
        const before = fileHostCounts(proxy);
        const t = await bob.h.call('files.download', {
          accountId: bob.account.id,
          messageId: message.id,
        });
        // The server's answer began to arrive through the tunnel, then nothing more.
        await eventually(() => relay.firstChunks > firsts && relay.open.size === 1);
        // ...and it is the proxy's tunnel that is held open.
        expect(fileHostCounts(proxy).proxied - before.proxied).toBe(1);
        expect(relay.connections - before.all).toBe(1);
        const ended = finished(bob, t.id);
        await bob.h.call('transfers.cancel', { id: t.id });
        expect(await ended).toMatchObject({ state: 'cancelled' });
        // The tunnel closed at our end, so the proxy closed its far side at the file host.
        await eventually(() => relay.open.size === 0);
      } finally {
        relay.hold = false;
      }
    });
  },
);

describe('file transfers when the account proxy fails', () => {
  it('fails the download with the proxy reason, never fetching directly; a new proxy applies next time', async () => {
    const socks = await startSocksProxy();
    closers.push(socks.close);
    const sender = await behind('pc', proxyOf(socks, 'socks5'));
    const receiver = await behind('pd', proxyOf(socks, 'socks5'));
    await befriend(sender, receiver);
    await inTheClear(sender, receiver);
    const { message } = await sendFile(sender, receiver, randomFile('proxy-down.bin', 64 * 1024));
    // The receiver's proxy changes to one that is down: read when the transfer starts.
    const dead = createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const deadPort = (dead.address() as AddressInfo).port;
    await new Promise<void>((r) => dead.close(() => r()));
    await receiver.h.call('accounts.proxy.set', {
      id: receiver.account.id,
      proxy: { type: 'socks5', host: '127.0.0.1', port: deadPort, username: null, password: null },
    });
    const before = relay.connections;
    const failed = await download(receiver, message);
    expect(failed).toMatchObject({
      state: 'failed',
      error: {
        code: 'download-failed',
        message: `Could not download: proxy unreachable: SOCKS5 proxy 127.0.0.1:${deadPort}: connection refused`,
      },
    });
    expect(relay.connections).toBe(before);
  });
});

describe('encrypted files (XEP-0454) through the account proxy', () => {
  it('sends and receives an aesgcm:// file through the proxy, by name', async () => {
    const socks = await startSocksProxy();
    closers.push(socks.close);
    const sender = await behind('pe', proxyOf(socks, 'socks5'), true);
    const receiver = await behind('pf', proxyOf(socks, 'socks5'));
    // The conversation stays under OMEMO: the message carrying the key is encrypted too.
    await befriend(sender, receiver);
    const path = randomFile('secret.bin', 100 * 1024);
    const before = fileHostCounts(socks);
    const { up, message } = await sendFile(sender, receiver, path);
    expect(up).toMatchObject({ state: 'done', error: null });
    expect(message.attachment).toMatchObject({ encrypted: true });
    const done = await download(receiver, message);
    expect(done).toMatchObject({ state: 'done', error: null });
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    expect(sha(readFileSync(done.localPath!))).toBe(sha(readFileSync(path)));
    const after = fileHostCounts(socks);
    expect(after.all - before.all).toBe(2);
    expect(after.proxied - before.proxied).toBe(2);
    expect(after.asked.slice(-2).map((r) => r.host)).toEqual(['localhost', 'localhost']);
  });
});
