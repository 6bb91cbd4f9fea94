/**
 * MAM catch-up: N messages archived while the account was offline, fetched on its next login
 * (paged by archive id, parsed, deduplicated, stored, emitted). Baseline in the same run: a bare
 * @xmpp/client paging the same archive with the same page size and doing nothing else.
 * Target: Parley's catch-up of 10,000 messages under 3 s on loopback.
 *   pnpm tsx bench/mam-catchup.ts [count] [pageSize] [rounds]
 * Each round starts a fresh Prosody (its in-memory archive slows the server as it grows, which
 * would make later rounds slower), fills the archive, and times the bare client and Parley back
 * to back on it; medians decide.
 */
import { startHarness, type Harness } from '../packages/backend/src/test-support/harness.js';
import { addOnlineAccount } from '../packages/backend/src/test-support/accounts.js';
import { bareClient, serverPing, xml } from './lib/bare-client.js';
import { median, table } from './lib/figures.js';
import { profilePhase } from './lib/profile.js';
import { startProsody, type TestServer } from '@parley/testkit';
import { withTrustedCa } from './lib/with-server.js';
import { size, verdict } from './lib/smoke.js';

const count = Number(process.argv[2] ?? size(10_000, 300));
const pageSize = Number(process.argv[3] ?? size(250, 50));
// Two rounds in a smoke run too: the order alternates, so both orders are exercised.
const rounds = Number(process.argv[4] ?? size(4, 2));

const ca = await withTrustedCa();

interface Round {
  first: 'bare' | 'Parley';
  fillMs: number;
  bareMs: number;
  bareCpuMs: number;
  parleyMs: number;
  parleyCpuMs: number;
  fetched: number;
  stored: number;
}

const results: Round[] = [];
for (let round = 0; round < rounds; round++) {
  const server = await startProsody({
    ca,
    users: [
      { local: 'sender', password: 'pw' },
      { local: 'reader', password: 'pw' },
    ],
  });
  try {
    results.push(await measure(server, 'reader', round % 2 === 1));
  } finally {
    await server.stop();
  }
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

async function measure(server: TestServer, local: string, parleyFirst: boolean): Promise<Round> {
  const service = `xmpp://${server.host}:${server.c2sPort}`;
  const sender = await bareClient(service, server.domain, 'sender', 'pw');
  const readerJid = `${local}@${server.domain}`;
  // Events are validated against the contract in tests; production (and this bench) skips it.
  const h = startHarness({ caPem: server.caPem, mamPageSize: pageSize, validateEvents: false });
  // First login (addOnlineAccount returns once its sync is done), then a seed message and a
  // second login: the account now has an archive cursor, as any account used before.
  const account = await addOnlineAccount(h, server, local, { password: 'pw', timeoutMs: 30_000 });
  await sender.send(xml('message', { to: readerJid, type: 'chat' }, xml('body', {}, 'seed')));
  await serverPing(sender);
  await h.call('accounts.disconnect', { id: account.id });
  const secondSync = syncDone(h, account.id); // listening before the login that ends with it
  await h.call('accounts.connect', { id: account.id });
  await secondSync;
  await h.call('accounts.disconnect', { id: account.id });
  const cursor = h.store.accounts.get(account.id)?.mamLastStanzaId;
  if (!cursor) throw new Error('no archive cursor after two logins');

  const fillStarted = performance.now();
  for (let i = 0; i < count; i++) {
    const body = xml('body', {}, `archived ${i}`);
    await sender.send(xml('message', { to: readerJid, type: 'chat', id: `a${i}` }, body));
  }
  await serverPing(sender); // every message is archived once the server answers this
  const fillMs = performance.now() - fillStarted;

  // Baseline: a bare client pages forward from the same archive id, as the catch-up will.
  const runBare = async () => {
    const bare = await bareClient(service, server.domain, local, 'pw');
    const started = performance.now();
    const cpu = process.cpuUsage();
    let after = cursor;
    for (let page = 0; page < 10_000; page++) {
      const set = xml(
        'set',
        { xmlns: 'http://jabber.org/protocol/rsm' },
        xml('max', {}, String(pageSize)),
        xml('after', {}, after),
      );
      const query = xml('query', { xmlns: 'urn:xmpp:mam:2', queryid: `q${page}` }, set);
      const reply = await bare.iqCaller.request(xml('iq', { type: 'set' }, query), 60_000);
      const fin = reply.getChild('fin');
      const last = fin?.getChild('set', 'http://jabber.org/protocol/rsm')?.getChildText('last');
      if (fin?.attrs.complete === 'true' || !last) break;
      after = last;
    }
    const result = { ms: performance.now() - started, cpuMs: cpuMs(cpu) };
    await bare.stop();
    return result;
  };
  // Parley: reconnect; from the command to the last progress event (login included).
  const runParley = async () => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const finished = await profilePhase(`catch-up-${local}`, async () => {
      const done = syncDone(h, account.id);
      await h.call('accounts.connect', { id: account.id });
      return done;
    });
    return { ms: performance.now() - started, cpuMs: cpuMs(cpu), fetched: finished.fetched };
  };
  // Paging leaves garbage for Prosody's collector that the next reader pays for: the order
  // alternates between rounds so that neither side always comes second.
  let bare: Awaited<ReturnType<typeof runBare>>;
  let parley: Awaited<ReturnType<typeof runParley>>;
  if (parleyFirst) {
    parley = await runParley();
    bare = await runBare();
  } else {
    bare = await runBare();
    parley = await runParley();
  }
  const stored = h.store.messages.count(account.id, `sender@${server.domain}`);
  await h.close(true);
  await sender.stop();
  return {
    first: parleyFirst ? 'Parley' : 'bare',
    fillMs,
    bareMs: bare.ms,
    bareCpuMs: bare.cpuMs,
    parleyMs: parley.ms,
    parleyCpuMs: parley.cpuMs,
    fetched: parley.fetched,
    stored,
  };
}

function syncDone(h: Harness, accountId: string) {
  return h.waitFor('history.progress', (p) => p.accountId === accountId && p.done, 120_000);
}

const round = (n: number) => Math.round(n);
table(
  results.map((r, i) => ({
    round: i + 1,
    'runs first': r.first,
    'archive fill ms': round(r.fillMs),
    'bare paging ms': round(r.bareMs),
    'bare CPU ms': round(r.bareCpuMs),
    'Parley catch-up ms': round(r.parleyMs),
    'Parley CPU ms': round(r.parleyCpuMs),
    fetched: r.fetched,
    stored: r.stored,
  })),
);
const parleyMedian = median(results.map((r) => r.parleyMs));
const bareMedian = median(results.map((r) => r.bareMs));
console.log(
  `median of ${rounds}: bare ${round(bareMedian)} ms, Parley ${round(parleyMedian)} ms; ` +
    `target < 3000 ms: ${verdict(parleyMedian < 3000)}`,
);
process.exit(results.every((r) => r.stored === count + 1) ? 0 : 1);
