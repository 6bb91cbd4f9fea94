/**
 * Upload and download of a 200 MB file on loopback. Targets: at least 80 % of curl's rate for
 * the PUT and the GET of the same file in the same run, and RSS growth of the process under 64 MB
 * during the transfer (the file is streamed, never held whole).
 *   pnpm tsx bench/file-transfer.ts [megabytes] [rounds] [downloads per round]
 *
 * Set-up: a throwaway Prosody with http_file_share (plain HTTP on loopback, as in every test);
 * alice sends bob the file with Parley (`files.send` with a file grant, the Electron path), bob
 * downloads it (`files.download`); the real backend and encrypted store run in this process, so
 * its RSS is what the desktop app's main process would show. Baseline: curl PUT of the same file
 * to a fresh slot (a slot takes one PUT) requested by a bare client, and curl GET of Parley's
 * uploaded URL into a file. Rounds alternate who goes first; medians are reported.
 *
 * A download takes seconds where an upload takes over a minute (Prosody reads uploads slowly),
 * so each round times one upload each but several downloads each, in pairs whose order
 * alternates (curl–Parley, Parley–curl, ...): a pair's two GETs run seconds apart, so a change in
 * the machine's load falls on both, and the GET figure is the median of the pairs' ratios. CPU
 * time per MB is reported for both sides: unlike the rates it hardly depends on other load, and
 * it says how much a busy machine will slow each one down.
 * A smoke run (BENCH_SMOKE=1) moves a 2 MB file once each way, checks the bytes and skips curl.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventPayload, Transfer } from '@parley/contract';
import { buildSlotRequest, parseSlot, type UploadSlot } from '@parley/xmpp';
import { startHarness, type Harness } from '../packages/backend/src/test-support/harness.js';
import {
  addOnlineAccount,
  subscribeBothWays,
} from '../packages/backend/src/test-support/accounts.js';
import { bareClient } from './lib/bare-client.js';
import { mb, median, table } from './lib/figures.js';
import { withServer } from './lib/with-server.js';
import { curl, settleDisk } from './lib/curl.js';
import { size, smoke, verdict } from './lib/smoke.js';

const MEGABYTES = Number(process.argv[2] ?? size(200, 2));
const ROUNDS = Math.max(1, Number(process.argv[3] ?? size(2, 1)));
const GET_PAIRS = Math.max(1, Number(process.argv[4] ?? 3));
const SIZE = MEGABYTES * 1024 * 1024;
const RATE_TARGET = 0.8;
const RSS_TARGET = 64 * 1024 * 1024;

const server = await withServer({
  users: [
    { local: 'alice', password: 'alice-pw' },
    { local: 'bob', password: 'bob-pw' },
    { local: 'curl', password: 'curl-pw' },
  ],
});
setTimeout(() => {
  console.error('file-transfer: watchdog (20 min) fired');
  process.exit(2);
}, 1_200_000).unref();

const work = mkdtempSync(join(tmpdir(), 'parley-bench-files-'));
const source = join(work, 'payload.bin');
/** Random content (incompressible), written in 4 MB pieces so the bench itself stays small. */
function writePayload(): string {
  const fd = openSync(source, 'w');
  const hash = createHash('sha256');
  for (let written = 0; written < SIZE;) {
    const piece = randomBytes(Math.min(4 * 1024 * 1024, SIZE - written));
    writeSync(fd, piece);
    hash.update(piece);
    written += piece.length;
  }
  closeSync(fd);
  return hash.digest('base64');
}
const payloadHash = writePayload();

const service = `xmpp://${server.host}:${server.c2sPort}`;
const curlClient = await bareClient(service, server.domain, 'curl', 'curl-pw');
const uploadService = `upload.${server.domain}`;

async function curlSlot(): Promise<UploadSlot> {
  const reply = await curlClient.iqCaller.request(
    buildSlotRequest({
      service: uploadService,
      filename: 'payload.bin',
      size: SIZE,
      contentType: 'application/octet-stream',
    }),
  );
  const slot = parseSlot(reply);
  if ('error' in slot) throw new Error(`slot: ${slot.error}`);
  return slot;
}

/** A transfer's figures: bytes per second of wall time, CPU ms per MB moved. */
interface Moved {
  rate: number;
  cpuPerMb: number;
}
const moved = (ms: number, cpuMs: number): Moved => ({
  rate: SIZE / (ms / 1000),
  cpuPerMb: cpuMs / MEGABYTES,
});

async function curlPut(): Promise<Moved> {
  const slot = await curlSlot();
  settleDisk();
  const headers = Object.entries(slot.headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
  const run = curl([
    '-T',
    source,
    '-H',
    'Content-Type: application/octet-stream',
    ...headers,
    slot.put,
  ]);
  return moved(run.ms, run.cpuMs);
}

function curlGet(url: string): Moved {
  const target = join(work, 'curl-download.bin');
  settleDisk();
  const run = curl(['-o', target, url]);
  if (statSync(target).size !== SIZE) throw new Error('curl GET: wrong size');
  rmSync(target);
  return moved(run.ms, run.cpuMs);
}

/** Peak RSS of this process while `fn` runs, sampled every 10 ms. */
async function peakRss<T>(
  fn: () => Promise<T>,
): Promise<{ value: T; before: number; peak: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, before, peak };
  } finally {
    clearInterval(timer);
  }
}

function waitDone(h: Harness, match: (t: Transfer) => boolean): Promise<Transfer> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('transfer did not finish in 10 minutes')),
      600_000,
    );
    h.backend.onEvent((name, data) => {
      if (name !== 'transfer.changed') return;
      const t = data as EventPayload<'transfer.changed'>;
      if (!match(t)) return;
      if (t.state === 'done') {
        clearTimeout(timer);
        resolve(t);
      } else if (t.state === 'failed' || t.state === 'cancelled') {
        clearTimeout(timer);
        reject(new Error(`transfer ${t.state}: ${t.error?.message ?? ''}`));
      }
    });
  });
}

const alice = startHarness({ caPem: server.caPem, validateEvents: false });
const bob = startHarness({
  caPem: server.caPem,
  validateEvents: false,
  downloadDir: join(work, 'downloads'),
});
const aliceAccount = await addOnlineAccount(alice, server, 'alice', { password: 'alice-pw' });
const bobAccount = await addOnlineAccount(bob, server, 'bob', { password: 'bob-pw' });
await subscribeBothWays(
  { h: alice, account: aliceAccount, key: Buffer.alloc(0) },
  { h: bob, account: bobAccount, key: Buffer.alloc(0) },
);
// In the clear: between two Parley users OMEMO is on by default; this bench times the plain
// transfer (XEP-0454 encryption would add its own cost to both figures' meaning).
await alice.call('omemo.conversation.set', {
  accountId: aliceAccount.id,
  peer: bobAccount.jid,
  encryption: 'off',
});
// Nothing downloads by itself: the bench starts bob's download when it wants to time it.
await bob.call('settings.set', { key: 'autoDownloadBytes', accountId: bobAccount.id, value: 0 });

/** CPU time (user + system, ms) this process has used since `since`. */
function cpuMsSince(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

async function parleyUpload(): Promise<Moved & { rss: number; messageId: string }> {
  settleDisk();
  const incoming = new Promise<string>((resolve) => {
    bob.backend.onEvent((name, data) => {
      const m = data as EventPayload<'message.added'>;
      if (name === 'message.added' && m.attachment?.sha256 === payloadHash) resolve(m.id);
    });
  });
  const cpu = process.cpuUsage();
  const { value, before, peak } = await peakRss(async () => {
    const started = performance.now();
    const [t] = await alice.call('files.send', {
      accountId: aliceAccount.id,
      peer: bobAccount.jid,
      files: [alice.grant(source)],
    });
    await waitDone(alice, (x) => x.id === t!.id);
    return performance.now() - started;
  });
  return { ...moved(value, cpuMsSince(cpu)), rss: peak - before, messageId: await incoming };
}

/** Bob downloads the file (again: the previous copy was deleted) and the bytes are checked. */
async function parleyDownload(messageId: string): Promise<Moved & { rss: number }> {
  settleDisk();
  const cpu = process.cpuUsage();
  const { value, before, peak } = await peakRss(async () => {
    const started = performance.now();
    const t = await bob.call('files.download', { accountId: bobAccount.id, messageId });
    const done = await waitDone(bob, (x) => x.id === t.id);
    return { ms: performance.now() - started, path: done.localPath ?? '' };
  });
  const cpuMs = cpuMsSince(cpu);
  const got = createHash('sha256').update(readFileSync(value.path)).digest('base64');
  if (got !== payloadHash) throw new Error('Parley download differs from the source');
  rmSync(value.path);
  return { ...moved(value.ms, cpuMs), rss: peak - before };
}

interface Round {
  parleyPut: Moved;
  curlPut: Moved | null;
  putRss: number;
  /** One per pair of GETs; curl is null in a smoke run. */
  gets: Array<{ parley: Moved; curl: Moved | null; rss: number }>;
}

const rounds: Round[] = [];
for (let i = 0; i < ROUNDS; i++) {
  const parleyFirst = i % 2 === 0;
  const c1 = parleyFirst || smoke ? null : await curlPut();
  const up = await parleyUpload();
  const c2 = c1 ?? (smoke ? null : await curlPut());
  const message = bob.store.messages.get(bobAccount.id, up.messageId);
  const url = message?.attachment?.url;
  if (!url) throw new Error('no attachment url on the received message');
  const gets: Round['gets'] = [];
  for (let pair = 0; pair < (smoke ? 1 : GET_PAIRS); pair++) {
    // The order alternates pair by pair and round by round: neither side always goes second.
    const curlFirst = !smoke && (i + pair) % 2 === 1;
    const g1 = curlFirst ? curlGet(url) : null;
    const down = await parleyDownload(up.messageId);
    const g2 = g1 ?? (smoke ? null : curlGet(url));
    gets.push({ parley: down, curl: g2, rss: down.rss });
  }
  rounds.push({ parleyPut: up, curlPut: c2, putRss: up.rss, gets });
}

const mbps = (r: number) => `${(r / 1024 / 1024).toFixed(1)} MB/s`;
const perMb = (m: Moved | null) => (m ? `${m.cpuPerMb.toFixed(1)} ms` : '—');
const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
console.log(`file-transfer: ${MEGABYTES} MB, ${ROUNDS} round(s)`);
table(
  rounds.map((r, i) => ({
    round: i + 1,
    first: i % 2 === 0 || smoke ? 'Parley' : 'curl',
    'curl PUT': r.curlPut ? mbps(r.curlPut.rate) : '—',
    'Parley upload': mbps(r.parleyPut.rate),
    'PUT ratio': r.curlPut ? pct(r.parleyPut.rate / r.curlPut.rate) : '—',
    'CPU/MB curl': perMb(r.curlPut),
    'CPU/MB Parley': perMb(r.parleyPut),
    'RSS growth up': mb(r.putRss),
  })),
);
table(
  rounds.flatMap((r, i) =>
    r.gets.map((g, pair) => ({
      round: i + 1,
      pair: pair + 1,
      first: smoke || (i + pair) % 2 === 0 ? 'Parley' : 'curl',
      'curl GET': g.curl ? mbps(g.curl.rate) : '—',
      'Parley download': mbps(g.parley.rate),
      'GET ratio': g.curl ? pct(g.parley.rate / g.curl.rate) : '—',
      'CPU/MB curl': perMb(g.curl),
      'CPU/MB Parley': perMb(g.parley),
      'RSS growth down': mb(g.rss),
    })),
  ),
);
const rss = Math.max(...rounds.flatMap((r) => [r.putRss, ...r.gets.map((g) => g.rss)]));
if (!smoke) {
  const puts = rounds.map((r) => ({ parley: r.parleyPut, curl: r.curlPut! }));
  const gets = rounds.flatMap((r) => r.gets.map((g) => ({ parley: g.parley, curl: g.curl! })));
  const ratio = (xs: Array<{ parley: Moved; curl: Moved }>) =>
    median(xs.map((x) => x.parley.rate / x.curl.rate));
  const cpu = (xs: Array<{ parley: Moved; curl: Moved }>) =>
    `CPU per MB: Parley ${median(xs.map((x) => x.parley.cpuPerMb)).toFixed(1)} ms, ` +
    `curl ${median(xs.map((x) => x.curl.cpuPerMb)).toFixed(1)} ms (medians)`;
  console.log(
    `upload: Parley / curl ${pct(ratio(puts))}, median of ${puts.length} (target ≥ 80 %): ` +
      `${verdict(ratio(puts) >= RATE_TARGET)}; ${cpu(puts)}`,
  );
  console.log(
    `download: Parley / curl ${pct(ratio(gets))}, median of ${gets.length} pairs (target ≥ 80 %): ` +
      `${verdict(ratio(gets) >= RATE_TARGET)}; ${cpu(gets)}`,
  );
}
console.log(
  `memory: peak RSS growth ${mb(rss)} for a ${MEGABYTES} MB file (target < 64 MB): ${verdict(rss < RSS_TARGET)}`,
);

await curlClient.stop();
await Promise.all([alice.close(true), bob.close(true)]);
rmSync(work, { recursive: true, force: true });
