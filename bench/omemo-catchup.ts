/**
 * OMEMO catch-up: N legacy OMEMO messages from one sender archived while the receiver was
 * offline, fetched, decrypted and stored (plaintext in the encrypted store) on its next login.
 * Baseline in the same run: N plaintext messages caught up the same way, by the same runtime
 * with the `omemo` setting on. Target (issue 10): ≥ 500 msg/s for the encrypted catch-up.
 *   pnpm tsx bench/omemo-catchup.ts [count] [pageSize] [rounds]
 * The sender (lib/omemo-sender.ts) is Parley's own LegacyOmemoAccount over a bare client: it
 * builds its session from the receiver's published bundle, so its messages are prekey messages
 * (the receiver never answered while offline), as from Conversations or Dino. Each measurement
 * has its own Prosody (its in-memory archive slows the server as it grows); the order of the
 * encrypted and plaintext runs alternates between rounds. Time: from the connect command to the
 * catch-up's end (login included), all N stored. CPU: this process (backend + store).
 * BENCH_CPU_PROFILE=/tmp/x writes a CPU profile of each catch-up (lib/profile.ts).
 */
import type { Message } from '@parley/contract';
import { startProsody } from '@parley/testkit';
import { startHarness, type Harness } from '../packages/backend/src/test-support/harness.js';
import { addOnlineAccount } from '../packages/backend/src/test-support/accounts.js';
import { median, table } from './lib/figures.js';
import { startOmemoSender } from './lib/omemo-sender.js';
import { profilePhase } from './lib/profile.js';
import { withTrustedCa } from './lib/with-server.js';
import { size, verdict } from './lib/smoke.js';

const count = Number(process.argv[2] ?? size(10_000, 60));
const pageSize = Number(process.argv[3] ?? size(250, 25));
// Two rounds in a smoke run too: the order alternates, so both orders are exercised.
const rounds = Number(process.argv[4] ?? size(2, 2));
const TARGET = 500; // msg/s, issue 10

type Mode = 'encrypted' | 'plaintext';
const textOf = (i: number) => `archived ${i}: ${'the quick brown fox '.repeat(1 + (i % 3))}`;

const ca = await withTrustedCa();
setTimeout(() => {
  console.error('omemo-catchup: watchdog (14 min) fired');
  process.exit(2);
}, 840_000).unref();

interface Run {
  round: number;
  mode: Mode;
  fillMs: number;
  prekeyMessages: number;
  catchUpMs: number;
  cpuMs: number;
  stored: number;
  plaintextOk: number;
  decryptErrors: number;
  keyTransports: number;
  /** The receiver's stored session record with the sender's device after the catch-up. */
  recordBytes: number;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

function syncDone(h: Harness, accountId: string) {
  return h.waitFor('history.progress', (p) => p.accountId === accountId && p.done, 600_000);
}

/** Every stored message from `peer`, oldest first (paged through the store). */
function allMessages(h: Harness, accountId: string, peer: string): Message[] {
  const pages: Message[][] = [];
  let beforeId: string | null = null;
  for (let i = 0; i < 10_000; i++) {
    const page = h.store.messages.page(accountId, peer, { beforeId, limit: 500 });
    if (page.messages.length === 0) break;
    pages.unshift(page.messages);
    beforeId = page.messages[0]!.id;
    if (page.messages.length < 500) break;
  }
  return pages.flat();
}

async function measure(round: number, mode: Mode): Promise<Run> {
  const server = await startProsody({
    ca,
    users: [
      { local: 'sender', password: 'pw' },
      { local: 'reader', password: 'pw' },
    ],
  });
  const service = `xmpp://${server.host}:${server.c2sPort}`;
  const h = startHarness({ caPem: server.caPem, mamPageSize: pageSize, validateEvents: false });
  const sender = await startOmemoSender(service, server.domain, 'sender', 'pw');
  try {
    await h.call('settings.set', { key: 'omemo', accountId: null, value: true });
    const account = await addOnlineAccount(h, server, 'reader', {
      password: 'pw',
      timeoutMs: 60_000,
    });
    const readerJid = account.jid;
    if (mode === 'encrypted') await sender.meet(readerJid);
    // A seed message and a second login: the account has an archive cursor, as any account
    // used before, and the conversation exists.
    await sender.sendPlain(readerJid, 1, () => 'seed');
    await h.call('accounts.disconnect', { id: account.id });
    const secondSync = syncDone(h, account.id);
    await h.call('accounts.connect', { id: account.id });
    await secondSync;
    await h.call('accounts.disconnect', { id: account.id });
    if (!h.store.accounts.get(account.id)?.mamLastStanzaId)
      throw new Error('no archive cursor after two logins');

    const fillStarted = performance.now();
    let prekeyMessages = 0;
    if (mode === 'encrypted')
      prekeyMessages = (await sender.sendMany(count, textOf)).prekeyMessages;
    else await sender.sendPlain(readerJid, count, textOf);
    const fillMs = performance.now() - fillStarted;

    const keyTransportsBefore = sender.keyTransportsReceived;
    const started = performance.now();
    const cpu = process.cpuUsage();
    await profilePhase(`omemo-catchup-${mode}-${round}`, async () => {
      const done = syncDone(h, account.id);
      await h.call('accounts.connect', { id: account.id });
      return done;
    });
    const catchUpMs = performance.now() - started;
    const catchUpCpuMs = cpuMs(cpu);
    const record = h.store.omemoSessions.get(account.id, sender.jid, 'omemo', sender.deviceId);

    const messages = allMessages(h, account.id, sender.jid).filter((m) => m.body !== 'seed');
    const expected = new Set(Array.from({ length: count }, (_, i) => textOf(i)));
    const encryption = mode === 'encrypted' ? 'omemo' : null;
    const plaintextOk = messages.filter(
      (m) => expected.has(m.body) && (m.encryption ?? null) === encryption,
    ).length;
    // Key transports answer while the catch-up runs: let the last ones reach the sender.
    await new Promise((r) => setTimeout(r, 500));
    return {
      round,
      mode,
      fillMs,
      prekeyMessages,
      catchUpMs,
      cpuMs: catchUpCpuMs,
      stored: messages.length,
      plaintextOk,
      decryptErrors: messages.filter((m) => m.decryptError).length,
      keyTransports: sender.keyTransportsReceived - keyTransportsBefore,
      recordBytes: record?.record.byteLength ?? 0,
    };
  } finally {
    await sender.stop().catch(() => {});
    await h.close(true);
    await server.stop();
  }
}

console.log(
  `omemo-catchup: ${count.toLocaleString('en')} legacy OMEMO messages from one sender vs ` +
    `${count.toLocaleString('en')} plaintext ones, pages of ${pageSize}, ${rounds} round(s)`,
);
const runs: Run[] = [];
for (let round = 1; round <= rounds; round++) {
  const order: Mode[] = round % 2 === 1 ? ['encrypted', 'plaintext'] : ['plaintext', 'encrypted'];
  for (const mode of order) runs.push(await measure(round, mode));
}

const rate = (r: Run) => count / (r.catchUpMs / 1000);
const round0 = (n: number) => Math.round(n);
table(
  runs.map((r) => ({
    round: r.round,
    mode: r.mode,
    'archive fill ms': round0(r.fillMs),
    'prekey msgs': r.prekeyMessages,
    'catch-up ms': round0(r.catchUpMs),
    'msg/s': round0(rate(r)),
    'CPU ms': round0(r.cpuMs),
    'CPU ms / msg': (r.cpuMs / count).toFixed(3),
    stored: r.stored,
    'plaintext ok': r.plaintextOk,
    'decrypt errors': r.decryptErrors,
    'key transports': r.keyTransports,
    'session record bytes': r.recordBytes,
  })),
);
const of = (mode: Mode) => runs.filter((r) => r.mode === mode);
const encryptedMs = median(of('encrypted').map((r) => r.catchUpMs));
const plaintextMs = median(of('plaintext').map((r) => r.catchUpMs));
const encryptedRate = count / (encryptedMs / 1000);
console.log(
  `median of ${rounds}: encrypted ${round0(encryptedMs)} ms (${round0(encryptedRate)} msg/s), ` +
    `plaintext ${round0(plaintextMs)} ms (${round0(count / (plaintextMs / 1000))} msg/s); ` +
    `encrypted / plaintext time ${(encryptedMs / plaintextMs).toFixed(2)}×`,
);
console.log(
  `encrypted catch-up of ${count.toLocaleString('en')}: ${round0(encryptedRate)} msg/s, ` +
    `target ≥ ${TARGET} msg/s: ${verdict(encryptedRate >= TARGET)}`,
);
const complete = runs.every((r) => r.stored === count && r.plaintextOk === count);
if (!complete) console.error('omemo-catchup: messages missing or not decrypted (see the table)');
process.exit(complete ? 0 : 1);
