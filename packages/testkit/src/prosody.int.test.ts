import net from 'node:net';
import tls from 'node:tls';
import http from 'node:http';
import { existsSync } from 'node:fs';
import { describe, it, expect, afterEach } from 'vitest';
import { startProsody, streamHeader, type TestServer } from './index.js';

const started: TestServer[] = [];
async function start(...args: Parameters<typeof startProsody>): Promise<TestServer> {
  const s = await startProsody(...args);
  started.push(s);
  return s;
}
// stop() is idempotent, so stopping again after a test already did is harmless.
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

/** A raw XMPP wire on a socket: send text, wait (bounded) for the accumulated reply to match. */
function wire(sock: net.Socket) {
  let text = '';
  sock.setEncoding('utf8');
  sock.on('data', (c: string) => (text += c));
  return {
    send: (s: string) => sock.write(s),
    until(re: RegExp, ms = 3_000): Promise<string> {
      return new Promise((resolve, reject) => {
        const t0 = Date.now();
        const tick = (): void => {
          if (re.test(text)) return resolve(text);
          if (sock.destroyed) return reject(new Error(`socket closed before ${re}; got ${text}`));
          if (Date.now() - t0 > ms)
            return reject(new Error(`timeout waiting for ${re}; got ${text}`));
          setTimeout(tick, 10);
        };
        tick();
      });
    },
    reset: () => (text = ''),
    close: () => sock.destroy(),
  };
}

function connectTls(s: TestServer, ca?: string): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const sock = tls.connect({
      host: s.host,
      port: s.directTlsPort,
      servername: s.domain,
      ...(ca ? { ca } : {}),
      ALPNProtocols: ['xmpp-client'],
    });
    const timer = setTimeout(
      () => (sock.destroy(), reject(new Error('TLS connect timeout'))),
      3_000,
    );
    sock.once('secureConnect', () => (clearTimeout(timer), resolve(sock)));
    sock.once('error', (e) => (clearTimeout(timer), reject(e)));
  });
}

/** SASL PLAIN over Direct TLS; resolves 'success' or 'failure' (and keeps the session open if asked). */
async function login(
  s: TestServer,
  local: string,
  password: string,
  keepOpen = false,
): Promise<{ result: string; close: () => void }> {
  const w = wire(await connectTls(s, s.caPem));
  w.send(streamHeader(s.domain));
  await w.until(/<\/stream:features>/);
  w.reset();
  const token = Buffer.from(`\0${local}\0${password}`).toString('base64');
  w.send(`<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>${token}</auth>`);
  const reply = await w.until(/<success|<failure/);
  if (!keepOpen) w.close();
  return { result: reply.includes('<success') ? 'success' : 'failure', close: w.close };
}

describe('startProsody', () => {
  it('serves Direct TLS with a certificate that verifies only against caPem', async () => {
    const s = await start();
    expect(s.domain).toBe('localhost');
    expect(s.mucDomain).toBe('conference.localhost');
    expect(s.uploadDomain).toBe('upload.localhost');
    expect(s.caPem).toContain('BEGIN CERTIFICATE');

    const ok = await connectTls(s, s.caPem);
    expect(ok.authorized).toBe(true);
    ok.destroy();

    // Without the CA the default trust store must reject the chain.
    await expect(connectTls(s)).rejects.toThrow(/self[- ]signed|unable to (get|verify)/i);
  });

  it('answers a stream header on the STARTTLS port with <starttls> (required)', async () => {
    const s = await start();
    const w = wire(net.connect({ host: s.host, port: s.c2sPort }));
    w.send(streamHeader(s.domain));
    const features = await w.until(/<\/stream:features>/);
    w.close();
    expect(features).toContain('<starttls');
    expect(features).toMatch(/<required\s*\/>/);
    // No SASL before TLS (c2s_require_encryption), so no plaintext password offer.
    expect(features).not.toContain('<mechanisms');
  });

  it('creates users before and while running, and removes them', async () => {
    const s = await start({ users: [{ local: 'alice', password: 'alice-pw' }] });
    expect(s.users).toEqual([{ jid: 'alice@localhost', local: 'alice', password: 'alice-pw' }]);
    expect((await login(s, 'alice', 'alice-pw')).result).toBe('success');
    expect((await login(s, 'alice', 'wrong')).result).toBe('failure');

    // Created after start: the running server must see it without a restart.
    const bob = await s.createUser('bob', 'b:o b"pw');
    expect(bob.jid).toBe('bob@localhost');
    expect((await login(s, 'bob', 'b:o b"pw')).result).toBe('success');

    await s.removeUser('bob');
    expect((await login(s, 'bob', 'b:o b"pw')).result).toBe('failure');
  });

  it('serves HTTP on loopback and has no s2s listener', async () => {
    const s = await start();
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.get(
        { host: s.host, port: s.httpPort, path: '/file_share/nope', timeout: 3_000 },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.once('timeout', () => req.destroy(new Error('HTTP timeout')));
      req.once('error', reject);
    });
    expect(status).toBeGreaterThanOrEqual(400); // Prosody answered; the file just does not exist
    const { readFile } = await import('node:fs/promises');
    const log = await readFile(s.logPath, 'utf8');
    expect(log).toContain(`Activated service 'c2s_direct_tls' on [127.0.0.1]:${s.directTlsPort}`);
    expect(log).not.toMatch(/Activated service 's2s/);
  });

  it('runs two servers at once on distinct ports', async () => {
    const [a, b] = await Promise.all([
      start({ users: [{ local: 'u', password: 'p' }] }),
      start({ users: [{ local: 'u', password: 'p' }] }),
    ]);
    const ports = [
      a!.c2sPort,
      a!.directTlsPort,
      a!.httpPort,
      b!.c2sPort,
      b!.directTlsPort,
      b!.httpPort,
    ];
    expect(new Set(ports).size).toBe(6);
    expect(a!.dir).not.toBe(b!.dir);
    expect(a!.caPem).not.toBe(b!.caPem);
    expect((await login(a!, 'u', 'p')).result).toBe('success');
    expect((await login(b!, 'u', 'p')).result).toBe('success');
  });

  it('starts with SQL (SQLite) MAM storage and a custom domain', async () => {
    const s = await start({
      domain: 'parley.test',
      mamStorage: 'sql',
      users: [{ local: 'carol', password: 'pw' }],
    });
    expect(s.mucDomain).toBe('conference.parley.test');
    const sock = await connectTls(s, s.caPem);
    expect(sock.authorized).toBe(true);
    sock.destroy();
    expect((await login(s, 'carol', 'pw')).result).toBe('success');
  });

  it('stops in under 5 s with a live session, idempotently, and removes its temp dir', async () => {
    const s = await start({ users: [{ local: 'dave', password: 'pw' }] });
    const session = await login(s, 'dave', 'pw', true);
    expect(session.result).toBe('success');
    const t0 = Date.now();
    await Promise.all([s.stop(), s.stop()]);
    expect(Date.now() - t0).toBeLessThan(5_000);
    await s.stop();
    session.close();
    expect(existsSync(s.dir)).toBe(false);
    await expect(connectTls(s, s.caPem)).rejects.toThrow(/ECONNREFUSED/);
  });
});
