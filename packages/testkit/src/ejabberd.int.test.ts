// The throwaway ejabberd (a second, independent server for interop tests): TLS with the test CA,
// accounts made and removed while it runs, the features OMEMO needs, loopback only, and a stop
// that leaves no Erlang process behind.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import tls from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { xml } from '@xmpp/client';
import {
  ejabberdUnavailable,
  startEjabberd,
  streamHeader,
  testClient,
  type EjabberdServer,
} from './index.js';

// CI installs ejabberd (.ci/run): there a missing server is a failure, never a skip.
const missing = process.env['CI'] === 'true' ? null : ejabberdUnavailable();
if (missing) console.warn(`ejabberd.int.test.ts skipped: ${missing}`);

const started: EjabberdServer[] = [];
async function start(...args: Parameters<typeof startEjabberd>): Promise<EjabberdServer> {
  const s = await startEjabberd(...args);
  started.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
}, 30_000);

/** Text read from a socket until `re` matches (bounded). */
function until(sock: net.Socket, re: RegExp, ms = 5_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => done(new Error(`timeout waiting for ${re}; got ${text}`)), ms);
    const onData = (c: Buffer): void => {
      text += c.toString();
      if (re.test(text)) done(null);
    };
    const done = (err: Error | null): void => {
      clearTimeout(timer);
      sock.off('data', onData);
      if (err) reject(err);
      else resolve(text);
    };
    sock.on('data', onData);
  });
}

function connectTls(s: EjabberdServer, ca?: string): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const sock = tls.connect({
      host: s.host,
      port: s.directTlsPort,
      servername: s.domain,
      ...(ca ? { ca } : {}),
    });
    const timer = setTimeout(() => (sock.destroy(), reject(new Error('TLS timeout'))), 5_000);
    sock.once('secureConnect', () => (clearTimeout(timer), resolve(sock)));
    sock.once('error', (e) => (clearTimeout(timer), reject(e)));
  });
}

/** SASL PLAIN over Direct TLS: 'success' or 'failure'. */
async function login(s: EjabberdServer, local: string, password: string): Promise<string> {
  const sock = await connectTls(s, s.caPem);
  try {
    const features = until(sock, /<\/stream:features>/);
    sock.write(streamHeader(s.domain));
    await features;
    const reply = until(sock, /<success|<failure/);
    const token = Buffer.from(`\0${local}\0${password}`).toString('base64');
    sock.write(`<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>${token}</auth>`);
    return (await reply).includes('<success') ? 'success' : 'failure';
  } finally {
    sock.destroy();
  }
}

/** Pids whose command line mentions `text` (the server's temp dir names its VM). */
function processesWith(text: string): string[] {
  try {
    return execFileSync('pgrep', ['-f', text], { encoding: 'utf8' }).trim().split('\n');
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

describe.skipIf(missing)('startEjabberd', () => {
  it('serves TLS that verifies only against caPem, STARTTLS required, loopback only', async () => {
    const s = await start();
    const ok = await connectTls(s, s.caPem);
    expect(ok.authorized).toBe(true);
    ok.destroy();
    await expect(connectTls(s)).rejects.toThrow(/self[- ]signed|unable to (get|verify)/i);

    const plain = net.connect({ host: s.host, port: s.c2sPort });
    const features = until(plain, /<\/stream:features>/);
    plain.write(streamHeader(s.domain));
    const text = await features;
    plain.destroy();
    expect(text).toMatch(/<starttls[^>]*><required\/>/);
    expect(text).not.toContain('<mechanisms');

    const log = await readFile(s.logPath, 'utf8');
    const listening = [...log.matchAll(/Start accepting (?:TCP|TLS) connections at (\S+) /g)].map(
      (m) => m[1],
    );
    expect(listening.length).toBe(3);
    for (const address of listening) expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
  }, 60_000);

  it('creates users before and while running, and removes them', async () => {
    const s = await start({ users: [{ local: 'alice', password: 'alice-pw' }] });
    expect(s.users).toEqual([{ jid: 'alice@localhost', local: 'alice', password: 'alice-pw' }]);
    expect(await login(s, 'alice', 'alice-pw')).toBe('success');
    expect(await login(s, 'alice', 'wrong')).toBe('failure');
    const bob = await s.createUser('bob', 'b:o b"pw');
    expect(await login(s, bob.local, 'b:o b"pw')).toBe('success');
    await s.removeUser('bob');
    expect(await login(s, 'bob', 'b:o b"pw')).toBe('failure');
    await expect(s.createUser('../x', 'pw')).rejects.toThrow(/unsupported test username/);
  }, 60_000);

  it('offers what OMEMO needs: PEP with publish-options, MAM, carbons', async () => {
    const s = await start({ users: [{ local: 'alice', password: 'alice-pw' }] });
    const c = await testClient(s, 'alice', 'alice-pw');
    try {
      const info = await c.iqCaller.request(
        xml(
          'iq',
          { type: 'get', to: 'alice@localhost' },
          xml('query', { xmlns: 'http://jabber.org/protocol/disco#info' }),
        ),
        10_000,
      );
      const features = info
        .getChild('query')!
        .getChildren('feature')
        .map((f) => f.attrs['var'] as string);
      expect(features).toEqual(
        expect.arrayContaining([
          'http://jabber.org/protocol/pubsub#publish-options',
          'urn:xmpp:mam:2',
        ]),
      );
      const identities = info
        .getChild('query')!
        .getChildren('identity')
        .map((i) => `${String(i.attrs['category'])}/${String(i.attrs['type'])}`);
      expect(identities).toContain('pubsub/pep');
      const server = await c.iqCaller.request(
        xml(
          'iq',
          { type: 'get', to: 'localhost' },
          xml('query', { xmlns: 'http://jabber.org/protocol/disco#info' }),
        ),
        10_000,
      );
      const serverFeatures = server
        .getChild('query')!
        .getChildren('feature')
        .map((f) => f.attrs['var'] as string);
      expect(serverFeatures).toContain('urn:xmpp:carbons:2');
    } finally {
      await c.stop();
    }
  }, 60_000);

  it('stop() leaves no Erlang process and no temp dir behind', async () => {
    const epmdBefore = processesWith('^/usr/lib/erlang/erts-[^/]*/bin/epmd').length;
    const s = await start();
    expect(processesWith(s.dir).length).toBeGreaterThan(0);
    await s.stop();
    expect(processesWith(s.dir)).toEqual([]);
    expect(existsSync(s.dir)).toBe(false);
    // No node name, so no Erlang distribution: no epmd daemon left running either.
    expect(processesWith('^/usr/lib/erlang/erts-[^/]*/bin/epmd').length).toBe(epmdBefore);
  }, 60_000);
});
