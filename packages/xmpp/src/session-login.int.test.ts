import { createServer, type AddressInfo } from 'node:net';
import { startProsody, type TestServer } from '@parley/testkit';
import xml from '@xmpp/xml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session, SessionError, type SessionOptions, type SessionStateChange } from './index.js';

let server: TestServer;
const sessions: Session[] = [];

beforeAll(async () => {
  server = await startProsody({ users: [{ local: 'alice', password: 'secret' }] });
});

afterAll(async () => {
  await Promise.all(sessions.map((s) => s.stop()));
  await server?.stop();
});

function session(over: Partial<SessionOptions> = {}): { s: Session; states: SessionStateChange[] } {
  const s = new Session({
    jid: 'alice@localhost',
    password: 'secret',
    resource: `r${sessions.length}`,
    host: server.host,
    port: server.c2sPort,
    tlsMode: 'starttls',
    trust: { caPem: server.caPem },
    reconnect: { minDelayMs: 20, maxDelayMs: 100, factor: 2 },
    ...over,
  });
  sessions.push(s);
  const states: SessionStateChange[] = [];
  s.on('state', (c) => states.push(c));
  return { s, states };
}

async function failure(s: Session): Promise<SessionError> {
  const err = await s.start().then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SessionError);
  return err as SessionError;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Session login', () => {
  it('logs in over STARTTLS trusting the test CA, with stream management', async () => {
    const { s, states } = session();
    const online = new Promise((resolve) => s.once('online', resolve));
    await s.start();
    expect(await online).toEqual({ resumed: false, fullJid: 'alice@localhost/r0' });
    expect(s.state).toBe('online');
    expect(states.map((c) => c.state)).toEqual(['connecting', 'online']);
    expect(s['stack'].sm.enabled).toBe(true);
    const roster = await s.iq(iqGet('jabber:iq:roster'));
    expect(roster.attrs.type).toBe('result');
    await s.stop();
    expect(s.state).toBe('disconnected');
    await expect(s.send(iqGet('jabber:iq:roster'))).rejects.toMatchObject({
      code: 'not-connected',
    });
  });

  it('logs in over Direct TLS (XEP-0368)', async () => {
    const { s } = session({ tlsMode: 'direct', port: server.directTlsPort });
    await s.start();
    expect(s['socket']?.secure).toBe(true);
    await s.stop();
  });

  it('logs in fast (printed: the login time figure)', async () => {
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      const { s } = session();
      const t0 = performance.now();
      await s.start();
      times.push(performance.now() - t0);
      await s.stop();
    }
    times.sort((a, b) => a - b);
    const median = times[5] as number;
    console.log(
      `[login timing] STARTTLS + SCRAM-SHA-1 (10,000 iterations) + bind + SM enable: median ${median.toFixed(1)} ms, ` +
        `min ${times[0]?.toFixed(1)} ms, max ${times[9]?.toFixed(1)} ms over 10 logins`,
    );
    expect(median).toBeLessThan(250);
  });

  it('refuses a wrong password with auth-failed, in words, and does not reconnect', async () => {
    const { s, states } = session({ password: 'wrong' });
    const err = await failure(s);
    expect(err.code).toBe('auth-failed');
    expect(err.message).toBe('The server refused the password for alice@localhost');
    await sleep(300);
    expect(states.map((c) => c.state)).toEqual(['connecting', 'error']);
    // The same as an id the renderer translates, with the address as a parameter.
    const text = { id: 'login.password-refused', params: { jid: 'alice@localhost' } };
    expect(err.text).toEqual(text);
    expect(states[1]?.error).toEqual({ code: 'auth-failed', message: err.message, text });
    expect(states[1]?.retryInMs).toBeUndefined();
  });

  it('refuses an untrusted certificate and reports it; the pinned fingerprint then connects', async () => {
    const { s, states } = session({ trust: {} });
    const err = await failure(s);
    expect(err.code).toBe('certificate-untrusted');
    const cert = err.certificate;
    expect(cert).toMatchObject({
      issuer: 'CN=Parley Test CA',
      reason: expect.stringMatching(/[A-Z_]+/),
    });
    expect(cert?.subject).toContain('localhost');
    expect(cert?.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(states.at(-1)).toMatchObject({
      state: 'error',
      certificate: cert,
      error: { code: 'certificate-untrusted' },
    });
    await sleep(100);
    expect(states.at(-1)?.state).toBe('error'); // no retry

    const pinned = session({ trust: { pinnedFingerprint256: cert?.fingerprint256 ?? null } }).s;
    await pinned.start();
    expect(pinned.state).toBe('online');
    await pinned.stop();

    const wrongPin = session({
      trust: { caPem: server.caPem, pinnedFingerprint256: '00:'.repeat(31) + '00' },
    }).s;
    expect((await failure(wrongPin)).certificate?.reason).toBe('PINNED_FINGERPRINT_MISMATCH');
  });

  it('reports a closed port as host-unreachable and keeps retrying with backoff', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const { port } = closed.address() as AddressInfo;
    await new Promise((r) => closed.close(r));
    const { s, states } = session({ port });
    const err = await failure(s);
    expect(err.code).toBe('host-unreachable');
    expect(err.message).toMatch(/Cannot reach localhost \(127\.0\.0\.1:\d+\): connection refused/);
    await sleep(250);
    await s.stop();
    const errors = states.filter((c) => c.state === 'error');
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(
      errors.every((c) => c.error?.code === 'host-unreachable' && (c.retryInMs ?? -1) >= 0),
    ).toBe(true);
  });

  it('refuses a server that offers no STARTTLS (tls-failed), before sending credentials', async () => {
    let received = '';
    const plain = createServer((sock) => {
      sock.on('data', (d) => {
        received += d.toString();
        if (received.includes('<stream:stream')) {
          sock.write(
            "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='x' from='localhost' version='1.0'>" +
              "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>",
          );
        }
      });
      sock.on('error', () => {});
    });
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
    const { s } = session({ port: (plain.address() as AddressInfo).port });
    const err = await failure(s);
    await s.stop();
    plain.close();
    expect(err.code).toBe('tls-failed');
    expect(err.message).toMatch(/does not offer encryption/);
    expect(received).not.toContain('<auth');
  });
});

function iqGet(xmlns: string) {
  return xml('iq', { type: 'get' }, xml('query', { xmlns }));
}
