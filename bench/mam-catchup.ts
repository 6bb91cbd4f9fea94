/**
 * MAM catch-up: N messages archived while the account was offline, fetched on its next login
 * (paged by archive id, parsed, deduplicated, stored, emitted). Baseline in the same run: a bare
 * @xmpp/client paging the same archive with the same page size and doing nothing else.
 * Target: Parley's catch-up of 10,000 messages under 3 s on loopback.
 *   pnpm tsx bench/mam-catchup.ts [count] [pageSize]
 */
import { startHarness } from '../packages/backend/src/test-support/harness.js';
import { bareClient, serverPing, xml } from './lib/bare-client.js';
import { table } from './lib/figures.js';
import { profilePhase } from './lib/profile.js';
import { withServer } from './lib/with-server.js';

const count = Number(process.argv[2] ?? 10_000);
const pageSize = Number(process.argv[3] ?? 250);

const server = await withServer({
  users: [
    { local: 'sender', password: 'pw' },
    { local: 'reader', password: 'pw' },
  ],
});
const service = `xmpp://${server.host}:${server.c2sPort}`;
const readerJid = `reader@${server.domain}`;

// First login so the account has an archive cursor, then go offline.
// Events are validated against the contract in tests; production (and this bench) skips it.
const h = startHarness({ caPem: server.caPem, mamPageSize: pageSize, validateEvents: false });
const firstOnline = h.waitFor('account.changed', (a) => a.state === 'online', 30_000);
const account = await h.call('accounts.add', {
  jid: readerJid,
  password: 'pw',
  host: server.host,
  port: server.c2sPort,
  tlsMode: 'starttls',
});
await firstOnline;
await h.waitFor('history.progress', (p) => p.done, 30_000);
const sender = await bareClient(service, server.domain, 'sender', 'pw');
await sender.send(
  xml('message', { to: readerJid, type: 'chat', id: 'seed' }, xml('body', {}, 'seed')),
);
// Once the server answered this, the seed is archived. Parley may or may not have had its
// presence out yet (the login sync runs the catch-up beside roster + presence), so the seed
// arrives live or through the catch-up below: the store has it either way.
await serverPing(sender);
// The seed advances the cursor only through the archive; a catch-up now sets it.
await h.call('accounts.disconnect', { id: account.id });
await h.call('accounts.connect', { id: account.id });
await h.waitFor('history.progress', (p) => p.done, 30_000);
await h.call('accounts.disconnect', { id: account.id });

const sendStarted = performance.now();
for (let i = 0; i < count; i++) {
  await sender.send(
    xml('message', { to: readerJid, type: 'chat', id: `a${i}` }, xml('body', {}, `archived ${i}`)),
  );
}
// A final iq round trip makes sure the server processed every message before we read.
await serverPing(sender);
const sendMs = performance.now() - sendStarted;

// Baseline: a bare client pages forward from the same archive id, as the catch-up will.
const cursor = h.store.accounts.get(account.id)?.mamLastStanzaId;
if (!cursor) throw new Error('no archive cursor after the first login');
const bare = await bareClient(service, server.domain, 'reader', 'pw');
let bareCount = 0;
bare.on('stanza', (s) => {
  if (s.is('message') && s.getChild('result', 'urn:xmpp:mam:2')) bareCount++;
});
const bareStarted = performance.now();
const bareCpuBefore = process.cpuUsage();
let after = cursor;
for (let pages = 0; pages < 10_000; pages++) {
  const fin = (
    await bare.iqCaller.request(
      xml(
        'iq',
        { type: 'set' },
        xml(
          'query',
          { xmlns: 'urn:xmpp:mam:2', queryid: `q${pages}` },
          xml(
            'set',
            { xmlns: 'http://jabber.org/protocol/rsm' },
            xml('max', {}, String(pageSize)),
            xml('after', {}, after),
          ),
        ),
      ),
      60_000,
    )
  ).getChild('fin');
  const last = fin?.getChild('set', 'http://jabber.org/protocol/rsm')?.getChildText('last');
  if (fin?.attrs.complete === 'true' || !last) break;
  after = last;
}
const bareMs = performance.now() - bareStarted;
const bareCpu = process.cpuUsage(bareCpuBefore);
await bare.stop();

// Parley: reconnect and time the catch-up to the last progress event.
const parleyStarted = performance.now();
const cpuBefore = process.cpuUsage();
const finished = await profilePhase('catch-up', async () => {
  const done = h.waitFor('history.progress', (p) => p.done, 120_000);
  await h.call('accounts.connect', { id: account.id });
  return done;
});
const parleyMs = performance.now() - parleyStarted;
const cpu = process.cpuUsage(cpuBefore);
const parleyCpuMs = (cpu.user + cpu.system) / 1000;
const stored = h.store.messages.count(account.id, `sender@${server.domain}`);
await h.close(true);
await sender.stop();

table([
  { what: 'archive filled by sender', messages: count, ms: Math.round(sendMs) },
  {
    what: 'bare @xmpp/client paging',
    messages: bareCount,
    ms: Math.round(bareMs),
    'client CPU ms': Math.round((bareCpu.user + bareCpu.system) / 1000),
  },
  {
    what: 'Parley login catch-up (store + events)',
    messages: finished.fetched,
    ms: Math.round(parleyMs),
    'client CPU ms': Math.round(parleyCpuMs),
  },
]);
console.log(
  `stored ${stored} (expected ${count + 1}); target < 3000 ms: ${parleyMs < 3000 ? 'PASS' : 'FAIL'}`,
);
process.exit(stored === count + 1 ? 0 : 1);
