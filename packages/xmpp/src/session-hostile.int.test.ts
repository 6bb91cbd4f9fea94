import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  acceptLogin,
  makeCertificates,
  serverHeader,
  startFakeServer,
  type Certificates,
  type FakeConnection,
  type FakeServer,
} from '@parley/testkit';
import type { Element } from '@xmpp/xml';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Session, type SessionOptions, type SessionStateChange } from './index.js';

// A scripted server (testkit fake-server.ts) that misbehaves in ways Prosody never would.

let dir: string;
let certs: Certificates;
let servers: FakeServer[] = [];
let sessions: Session[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-hostile-'));
  certs = await makeCertificates(dir, ['localhost']);
});

afterEach(async () => {
  await Promise.all(sessions.map((s) => s.stop()));
  await Promise.all(servers.map((s) => s.close()));
  for (const s of servers) expect(s.scriptErrors).toEqual([]);
  sessions = [];
  servers = [];
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function fakeServer(script: (conn: FakeConnection, index: number) => Promise<void> | void) {
  const server = await startFakeServer({ tls: certs, script });
  servers.push(server);
  return server;
}

function open(port: number, over: Partial<SessionOptions> = {}): Session {
  const s = new Session({
    jid: 'alice@localhost',
    password: 'a',
    resource: 'desk',
    host: '127.0.0.1',
    port,
    tlsMode: 'starttls',
    trust: { caPem: certs.caPem },
    reconnect: { minDelayMs: 50, maxDelayMs: 400, factor: 2, jitter: 0 },
    timeouts: { loginMs: 5_000 },
    ...over,
  });
  sessions.push(s);
  return s;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(20);
  }
}

function record(s: Session) {
  const states: SessionStateChange[] = [];
  const stanzas: Element[] = [];
  s.on('state', (c) => states.push(c));
  s.on('stanza', (el) => stanzas.push(el));
  s.on('warning', () => {});
  return { states, stanzas };
}

const BOSS =
  "<message from='boss@localhost' to='alice@localhost' type='chat' id='m1'><body>pay now</body></message>" +
  "<iq type='set' id='push1'><query xmlns='jabber:iq:roster'><item jid='boss@localhost' name='Boss (new number)' subscription='both'/></query></iq>";

describe('Session against a hostile server', () => {
  it('acts on nothing a server sends before TLS, and refuses to log in without STARTTLS', async () => {
    const server = await fakeServer(async (conn) => {
      await conn.expect(/<stream:stream[^>]*>/);
      conn.send(`${serverHeader()}${BOSS}<stream:features/>`);
      await conn.closed;
    });
    const alice = open(server.port);
    const { states, stanzas } = record(alice);
    await expect(alice.start()).rejects.toMatchObject({ code: 'tls-failed' });
    await until(() => server.connections >= 2); // it retries, and is fed the same again
    await sleep(200);
    expect(stanzas.map(String)).toEqual([]);
    expect(states.some((c) => c.state === 'online')).toBe(false);
  });

  it.each([
    ['an unknown entity', '<message><body>&bogus;</body></message>'],
    ['a forbidden character', '<message><body>&#1;</body></message>'],
    ['two mismatched end tags', '<message><body></a></b></message>'],
  ])('survives %s after login: reports not-well-formed and reconnects', async (_what, bad) => {
    const server = await fakeServer(async (conn) => {
      await acceptLogin(conn);
      await sleep(50);
      conn.send(bad);
      await conn.closed;
    });
    const alice = open(server.port);
    const { states } = record(alice);
    await alice.start();
    await until(() => server.connections >= 2);
    const lost = states.find((c) => c.error);
    expect(lost?.state).toBe('connecting');
    expect(lost?.error?.code).toBe('stream-error');
    expect(lost?.error?.message).toMatch(/localhost sent malformed XML/);
    expect(lost?.retryInMs).toBeGreaterThan(0);
  });

  it('survives malformed XML before TLS: the login fails with not-well-formed and is retried', async () => {
    const server = await fakeServer(async (conn) => {
      await conn.expect(/<stream:stream[^>]*>/);
      conn.send(`${serverHeader()}<message><body>&bogus;</body></message></x></y>`);
      await conn.closed;
    });
    const alice = open(server.port);
    record(alice);
    await expect(alice.start()).rejects.toMatchObject({
      code: 'stream-error',
      condition: 'not-well-formed',
    });
    await until(() => server.connections >= 2);
  });

  it('closes the stream with policy-violation on a 10 MB stanza, long before it ends', async () => {
    let sentMb = 0;
    let sawPolicyViolation = false;
    const server = await fakeServer(async (conn, index) => {
      await acceptLogin(conn);
      if (index > 0) return void (await conn.closed);
      conn.send("<message from='alice@localhost'><body>");
      const mb = Buffer.alloc(1024 * 1024, 'A');
      for (let i = 0; i < 10 && !conn.isClosed; i++) {
        conn.send(mb);
        sentMb++;
        // Time for the client to read it and close (generous: a loaded machine reads late).
        await Promise.race([conn.closed, sleep(500)]);
      }
      sawPolicyViolation = (await conn.expect(/<policy-violation[^>]*\/>/, 5_000)) !== '';
      await conn.closed;
    });
    const alice = open(server.port);
    const { states } = record(alice);
    await alice.start();
    await until(() => states.some((c) => c.error));
    const lost = states.find((c) => c.error);
    expect(lost?.error?.message).toMatch(/stanza larger than 1024 KiB/);
    await until(() => server.connections >= 2);
    expect(sawPolicyViolation).toBe(true);
    expect(sentMb).toBeLessThan(10);
  });

  it('backs off to the maximum when the server closes right after every login', async () => {
    const server = await fakeServer(async (conn) => {
      await acceptLogin(conn);
      await sleep(20);
      conn.end();
      await conn.closed;
    });
    const alice = open(server.port);
    const { states } = record(alice);
    await alice.start();
    const t0 = Date.now();
    await sleep(3_000);
    const window = Date.now() - t0;
    const retries = states.filter((c) => c.retryInMs !== undefined).map((c) => c.retryInMs);
    // 50, 100, 200, 400, 400, ... ms (plus a login each): not one reconnect every 50 ms.
    expect(retries.slice(0, 4)).toEqual([50, 100, 200, 400]);
    expect(server.connections).toBeLessThanOrEqual(2 + Math.ceil(window / 400));
  });
});
