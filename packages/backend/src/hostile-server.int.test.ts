import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  makeCertificates,
  serverHeader,
  startFakeServer,
  type Certificates,
  type FakeServer,
} from '@parley/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startHarness, type Harness } from './test-support/harness.js';

// RFC 6120 §5.3.4: nothing a server says before TLS may be used. A scripted server that never
// offers STARTTLS sends a message and a roster push before its features; the real backend on
// the real encrypted store must keep none of it, on the first attempt or on any retry.

let dir: string;
let certs: Certificates;
const opened: Harness[] = [];
const servers: FakeServer[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-pretls-'));
  certs = await makeCertificates(dir, ['localhost']);
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((h) => h.close(true)));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BEFORE_FEATURES =
  "<message from='boss@localhost' to='alice@localhost' type='chat' id='m1'><body>pay now</body></message>" +
  "<iq type='set' id='push1'><query xmlns='jabber:iq:roster'>" +
  "<item jid='boss@localhost' name='Boss (new number)' subscription='both'/></query></iq>";

describe('backend against a server that talks before TLS', () => {
  it('stores no message and changes no roster from stanzas sent before TLS', async () => {
    const server = await startFakeServer({
      script: async (conn) => {
        await conn.expect(/<stream:stream[^>]*>/);
        conn.send(`${serverHeader()}${BEFORE_FEATURES}<stream:features/>`);
        await conn.closed;
      },
    });
    servers.push(server);
    const h = startHarness({ caPem: certs.caPem });
    opened.push(h);
    const refused = h.waitFor('account.changed', (a) => a.state === 'error');
    const account = await h.call('accounts.add', {
      jid: 'alice@localhost',
      password: 'a',
      host: '127.0.0.1',
      port: server.port,
      tlsMode: 'starttls',
    });
    expect((await refused).error?.code).toBe('tls-failed');
    // The harness retries after 100 ms, 150 ms, ...: each retry is fed the same stanzas.
    await eventually(() => server.connections >= 3);

    expect(h.store.messages.count(account.id, 'boss@localhost')).toBe(0);
    expect(h.store.contacts.get(account.id, 'boss@localhost')).toBeNull();
    expect(h.store.contacts.list(account.id)).toEqual([]);
    const names = h.events.map((e) => e.name);
    expect(names).not.toContain('message.added');
    expect(names).not.toContain('roster.changed');
    expect(server.scriptErrors).toEqual([]);
  });
});
