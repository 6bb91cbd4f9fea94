/**
 * Fault scenario "hostile-server": a scripted server (testkit fake-server.ts, STARTTLS with the
 * testkit CA) drives the real backend on a real encrypted store with
 *   1. stanzas and a roster push before TLS, from a server that never offers STARTTLS;
 *   2. malformed XML after login (an unknown entity, a forbidden character, mismatched tags);
 *   3. one huge stanza after login (smoke 2 MB, full 10 MB).
 * Each must end in a clear error or a bound, and the process must survive to report it.
 */
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
} from '@parley/testkit';
import { eventually, startHarness } from '../../packages/backend/src/test-support/harness.js';
import type { FaultScenario, FaultSize } from './scenario.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const PRE_TLS =
  "<message from='boss@localhost' to='alice@localhost' type='chat' id='m1'><body>pay now</body></message>" +
  "<iq type='set' id='push1'><query xmlns='jabber:iq:roster'>" +
  "<item jid='boss@localhost' name='Boss (new number)' subscription='both'/></query></iq>";

const MALFORMED = [
  '<message><body>&bogus;</body></message>',
  '<message><body>&#1;</body></message>',
  '<message><body></a></b></message>',
];

interface Part {
  ok: boolean;
  text: string;
}

/** Runs the real backend against one scripted server until `enough` connections were made. */
async function against(
  certs: Certificates,
  script: (conn: FakeConnection, index: number) => Promise<void>,
  enough: number,
) {
  const server = await startFakeServer({ tls: certs, script });
  const h = startHarness({ caPem: certs.caPem });
  try {
    const account = await h.call('accounts.add', {
      jid: 'alice@localhost',
      password: 'a',
      host: '127.0.0.1',
      port: server.port,
      tlsMode: 'starttls',
    });
    await eventually(() => server.connections >= enough, 60_000);
    const errors = h.events
      .filter((e) => e.name === 'account.changed')
      .map((e) => (e.payload as { error?: { code: string; message: string } | null }).error)
      .filter((e): e is { code: string; message: string } => Boolean(e));
    return {
      errors,
      messages: h.store.messages.count(account.id, 'boss@localhost'),
      contacts: h.store.contacts.list(account.id).length,
      scriptErrors: server.scriptErrors.length,
    };
  } finally {
    await h.close(true);
    await server.close();
  }
}

async function preTls(certs: Certificates, attempts: number): Promise<Part> {
  const r = await against(
    certs,
    async (conn) => {
      await conn.expect(/<stream:stream[^>]*>/);
      conn.send(`${serverHeader()}${PRE_TLS}<stream:features/>`);
      await conn.closed;
    },
    attempts,
  );
  const refused = r.errors.filter((e) => e.code === 'tls-failed').length;
  const ok = r.messages === 0 && r.contacts === 0 && refused >= attempts - 1;
  return {
    ok,
    text: `pre-TLS ${attempts} attempts: ${r.messages} stored, ${r.contacts} roster entries, ${refused} refused (tls-failed)`,
  };
}

async function malformed(certs: Certificates): Promise<Part> {
  const r = await against(
    certs,
    async (conn, index) => {
      await acceptLogin(conn);
      await sleep(50);
      conn.send(MALFORMED[index % MALFORMED.length] ?? '');
      await conn.closed;
    },
    MALFORMED.length + 1,
  );
  const closed = r.errors.filter((e) => /malformed XML/.test(e.message)).length;
  return {
    ok: closed >= MALFORMED.length && r.scriptErrors === 0,
    text: `malformed XML: ${closed}/${MALFORMED.length} closed as not-well-formed, reconnected`,
  };
}

async function oversized(certs: Certificates, megabytes: number): Promise<Part> {
  let sentKib = 0;
  let refusedWith = '';
  const rssBefore = process.memoryUsage().rss;
  const started = Date.now();
  let closedAfterMs = 0;
  const r = await against(
    certs,
    async (conn, index) => {
      await acceptLogin(conn);
      if (index > 0) return void (await conn.closed);
      conn.send("<message from='alice@localhost'><body>");
      const piece = Buffer.alloc(256 * 1024, 'A');
      const refusal = /<policy-violation[^>]*\/>/;
      for (let i = 0; i < megabytes * 4 && !conn.isClosed && !refusedWith; i++) {
        conn.send(piece);
        sentKib += 256;
        // Paced like a network (about 12 MB/s), watching for the client's refusal meanwhile.
        refusedWith = await conn.expect(refusal, 20).catch(() => '');
      }
      refusedWith ||= await conn.expect(refusal, 10_000).catch(() => '');
      closedAfterMs = Date.now() - started;
      await conn.closed;
    },
    2,
  );
  const rssGrowthMb = Math.max(0, (process.memoryUsage().rss - rssBefore) / 2 ** 20);
  const said = r.errors.some((e) => /stanza larger than/.test(e.message));
  return {
    ok: refusedWith !== '' && said && sentKib < megabytes * 1024,
    text:
      `${megabytes} MB stanza: policy-violation after ${sentKib} KiB sent ` +
      `(${closedAfterMs} ms), rss +${rssGrowthMb.toFixed(0)} MB`,
  };
}

const scenario: FaultScenario = {
  name: 'hostile-server',
  async run(size: FaultSize) {
    const dir = mkdtempSync(join(tmpdir(), 'parley-fault-hostile-'));
    try {
      const certs = await makeCertificates(dir, ['localhost']);
      const parts = [
        await preTls(certs, size === 'full' ? 10 : 3),
        await malformed(certs),
        await oversized(certs, size === 'full' ? 10 : 2),
      ];
      return {
        ok: parts.every((p) => p.ok),
        summary: `${parts.map((p) => p.text).join('; ')}; process alive`,
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default scenario;
