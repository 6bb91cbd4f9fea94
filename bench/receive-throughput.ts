/**
 * Receive throughput: N one-to-one messages sent by a second account through Prosody, received,
 * persisted and emitted as events by Parley's backend, against a bare @xmpp/client receiver
 * in the same run. Target: Parley ≥ 80% of the bare rate.
 *   pnpm tsx bench/receive-throughput.ts [count] [rounds]
 */
import { withServer } from './lib/with-server.js';
import { startHarness } from '../packages/backend/src/test-support/harness.js';
import { addOnlineAccount } from '../packages/backend/src/test-support/accounts.js';
import { bareClient, xml } from './lib/bare-client.js';
import { median, table } from './lib/figures.js';
import { profilePhase } from './lib/profile.js';
import { size, verdict } from './lib/smoke.js';

const count = Number(process.argv[2] ?? size(10_000, 200));
const rounds = Number(process.argv[3] ?? size(3, 1));
const timeoutMs = 180_000;

const server = await withServer({
  // No archive: the in-memory one grows with every message and slows Prosody as the run goes
  // on, which would favour whichever receiver runs first. Nothing here needs history.
  mamStorage: 'none',
  users: [
    ...Array.from({ length: rounds * 3 }, (_, i) => ({ local: `sender${i}`, password: 'pw' })),
    ...['bare', 'plain', 'parley'].flatMap((who) =>
      Array.from({ length: rounds }, (_, i) => ({ local: `${who}${i}`, password: 'pw' })),
    ),
  ],
});
const service = `xmpp://${server.host}:${server.c2sPort}`;
// A fresh sender per phase: Prosody slows down as one sender's session and archive grow, which
// would favour whichever receiver runs first.
type Client = Awaited<ReturnType<typeof bareClient>>;
const senders: Client[] = [];
let sender: Client = undefined as unknown as Client; // set by freshSender() before each phase
async function freshSender(): Promise<Client> {
  sender = await bareClient(service, server.domain, `sender${senders.length}`, 'pw');
  senders.push(sender);
  return sender;
}

async function blast(to: string): Promise<void> {
  for (let i = 0; i < count; i++) {
    await sender.send(
      xml('message', { to, type: 'chat', id: `m${i}` }, xml('body', {}, `message number ${i}`)),
    );
  }
}

function rate(ms: number): number {
  return Math.round((count / ms) * 1000);
}

/** A bare @xmpp/client receiver counting message stanzas with a body: the baseline. */
async function bareReceiver(local: string, carbons: boolean): Promise<number> {
  await freshSender();
  const bare = await bareClient(service, server.domain, local, 'pw', { carbons });
  const ms = await new Promise<number>((resolve, reject) => {
    let received = 0;
    let started = 0;
    const timer = setTimeout(
      () => reject(new Error(`bare receiver got ${received}/${count}`)),
      timeoutMs,
    );
    bare.on('stanza', (stanza) => {
      if (!stanza.is('message') || !stanza.getChild('body')) return;
      if (received++ === 0) started = performance.now();
      if (received === count) {
        clearTimeout(timer);
        resolve(performance.now() - started);
      }
    });
    void blast(`${local}@${server.domain}`);
  });
  await bare.stop();
  return ms;
}

/** Parley: the real backend and encrypted store; counts message.added events. */
async function parleyReceiver(local: string): Promise<{ ms: number; stored: number }> {
  await freshSender();
  const h = startHarness({ caPem: server.caPem, validateEvents: false });
  // Returns once the login sync is done (our presence is in effect by then).
  const account = await addOnlineAccount(h, server, local, { password: 'pw', timeoutMs: 30_000 });
  // Make sure a message reaches Parley live before timing (one that finds no available
  // resource would not be delivered at all here, as this server keeps no archive). The probes
  // are not counted below.
  for (let probe = 0; ; probe++) {
    if (probe === 30) throw new Error('Parley never received a live message');
    const body = `probe ${probe}`;
    const arrived = h.waitFor('message.added', (m) => m.body === body, 1_000);
    const to = `${local}@${server.domain}`;
    await sender.send(xml('message', { to, type: 'chat' }, xml('body', {}, body)));
    if (
      await arrived.then(
        () => true,
        () => false,
      )
    )
      break;
  }
  const senderJid = `sender${senders.length - 1}@${server.domain}`;
  const probes = h.store.messages.count(account.id, senderJid);
  const ms = await profilePhase(
    `receive-${local}`,
    () =>
      new Promise<number>((resolve, reject) => {
        let received = 0;
        let started = 0;
        const timer = setTimeout(
          () => reject(new Error(`parley got ${received}/${count}`)),
          timeoutMs,
        );
        h.backend.onEvent((name) => {
          if (name !== 'message.added') return;
          if (received++ === 0) started = performance.now();
          if (received === count) {
            clearTimeout(timer);
            resolve(performance.now() - started);
          }
        });
        void blast(`${local}@${server.domain}`);
      }),
  );
  const stored = h.store.messages.count(account.id, senderJid) - probes;
  await h.close(true);
  return { ms, stored };
}

// The baseline has the same server-side session as Parley (carbons on, available), so the
// difference is what Parley does on its side; without carbons, for reference. Rounds alternate
// the receivers so that a slower moment of the machine does not fall on one side only.
const rows: Array<{ bare: number; plain: number; parley: number; stored: number }> = [];
for (let round = 0; round < rounds; round++) {
  const bare = await bareReceiver(`bare${round}`, true);
  const parley = await parleyReceiver(`parley${round}`);
  const plain = await bareReceiver(`plain${round}`, false);
  rows.push({ bare, plain, parley: parley.ms, stored: parley.stored });
}
await Promise.all(senders.map((s) => s.stop()));

table(
  rows.map((r, i) => ({
    round: i + 1,
    'bare, carbons on (baseline) msg/s': rate(r.bare),
    'Parley, carbons on msg/s': rate(r.parley),
    'bare, carbons off (reference) msg/s': rate(r.plain),
    'Parley / bare': `${Math.round((r.bare / r.parley) * 100)}%`,
    'Parley stored': r.stored,
  })),
);
const ratio = median(rows.map((r) => r.bare / r.parley));
console.log(
  `median of ${rounds}: Parley / bare ${(ratio * 100).toFixed(0)}% (target ≥ 80%) ${verdict(ratio >= 0.8)}`,
);
process.exit(rows.every((r) => r.stored === count) ? 0 : 1);
