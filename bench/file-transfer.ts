/**
 * Upload and download of a 200 MB file on loopback. Targets: at least 80 % of curl's rate for
 * the PUT and the GET of the same file in the same run, and RSS growth of the process under 64 MB
 * during the transfer (the file is streamed, never held whole).
 *   pnpm tsx bench/file-transfer.ts [megabytes] [rounds]
 *
 * Set-up: a throwaway Prosody with http_file_share (plain HTTP on loopback, as in every test);
 * alice sends bob the file with Parley (`files.send` with a path, the Electron path), bob
 * downloads it (`files.download`); the real backend and encrypted store run in this process, so
 * its RSS is what the desktop app's main process would show. Baseline: curl PUT of the same file
 * to a fresh slot (a slot takes one PUT) requested by a bare client, and curl GET of Parley's
 * uploaded URL into a file. Rounds alternate who goes first; medians are reported.
 */
import { spawnSync } from 'node:child_process';
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

const MEGABYTES = Number(process.argv[2] ?? 200);
const ROUNDS = Math.max(1, Number(process.argv[3] ?? 3));
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

function curl(args: string[]): number {
  const started = performance.now();
  const run = spawnSync('curl', ['-sS', '--fail', ...args], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (run.status !== 0) throw new Error(`curl ${args[0]} failed (${run.status})`);
  return performance.now() - started;
}

async function curlPut(): Promise<number> {
  const slot = await curlSlot();
  const headers = Object.entries(slot.headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
  const ms = curl([
    '-T',
    source,
    '-H',
    'Content-Type: application/octet-stream',
    ...headers,
    slot.put,
  ]);
  return SIZE / (ms / 1000);
}

function curlGet(url: string): number {
  const target = join(work, 'curl-download.bin');
  const ms = curl(['-o', target, url]);
  if (statSync(target).size !== SIZE) throw new Error('curl GET: wrong size');
  rmSync(target);
  return SIZE / (ms / 1000);
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
// Nothing downloads by itself: the bench starts bob's download when it wants to time it.
await bob.call('accounts.update', { id: bobAccount.id, autoDownloadBytes: 0 });

interface Round {
  parleyPut: number;
  curlPut: number;
  parleyGet: number;
  curlGet: number;
  putRss: number;
  getRss: number;
}

async function parleyUpload(): Promise<{ rate: number; rss: number; messageId: string }> {
  const incoming = new Promise<string>((resolve) => {
    bob.backend.onEvent((name, data) => {
      const m = data as EventPayload<'message.added'>;
      if (name === 'message.added' && m.attachment?.sha256 === payloadHash) resolve(m.id);
    });
  });
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
  return { rate: SIZE / (value / 1000), rss: peak - before, messageId: await incoming };
}

async function parleyDownload(
  messageId: string,
): Promise<{ rate: number; rss: number; path: string }> {
  const { value, before, peak } = await peakRss(async () => {
    const started = performance.now();
    const t = await bob.call('files.download', { accountId: bobAccount.id, messageId });
    const done = await waitDone(bob, (x) => x.id === t.id);
    return { ms: performance.now() - started, path: done.localPath ?? '' };
  });
  return { rate: SIZE / (value.ms / 1000), rss: peak - before, path: value.path };
}

const rounds: Round[] = [];
for (let i = 0; i < ROUNDS; i++) {
  const parleyFirst = i % 2 === 0;
  const c1 = parleyFirst ? null : await curlPut();
  const up = await parleyUpload();
  const c2 = c1 ?? (await curlPut());
  const message = bob.store.messages.get(bobAccount.id, up.messageId);
  const url = message?.attachment?.url;
  if (!url) throw new Error('no attachment url on the received message');
  const g1 = parleyFirst ? null : curlGet(url);
  const down = await parleyDownload(up.messageId);
  const g2 = g1 ?? curlGet(url);
  const got = createHash('sha256').update(readFileSync(down.path)).digest('base64');
  if (got !== payloadHash) throw new Error('Parley download differs from the source');
  rmSync(down.path);
  rounds.push({
    parleyPut: up.rate,
    curlPut: c2,
    parleyGet: down.rate,
    curlGet: g2,
    putRss: up.rss,
    getRss: down.rss,
  });
}

const mbps = (r: number) => `${(r / 1024 / 1024).toFixed(1)} MB/s`;
table(
  rounds.map((r, i) => ({
    round: i + 1,
    first: i % 2 === 0 ? 'Parley' : 'curl',
    'curl PUT': mbps(r.curlPut),
    'Parley upload': mbps(r.parleyPut),
    'PUT ratio': `${((r.parleyPut / r.curlPut) * 100).toFixed(0)}%`,
    'curl GET': mbps(r.curlGet),
    'Parley download': mbps(r.parleyGet),
    'GET ratio': `${((r.parleyGet / r.curlGet) * 100).toFixed(0)}%`,
    'RSS growth up': mb(r.putRss),
    'RSS growth down': mb(r.getRss),
  })),
);
const putRatio = median(rounds.map((r) => r.parleyPut / r.curlPut));
const getRatio = median(rounds.map((r) => r.parleyGet / r.curlGet));
const rss = Math.max(...rounds.flatMap((r) => [r.putRss, r.getRss]));
const pass = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
console.log(
  `upload: Parley / curl ${(putRatio * 100).toFixed(0)}% (target ≥ 80 %): ${pass(putRatio >= RATE_TARGET)}`,
);
console.log(
  `download: Parley / curl ${(getRatio * 100).toFixed(0)}% (target ≥ 80 %): ${pass(getRatio >= RATE_TARGET)}`,
);
console.log(
  `memory: peak RSS growth ${mb(rss)} for a ${MEGABYTES} MB file (target < 64 MB): ${pass(rss < RSS_TARGET)}`,
);

await curlClient.stop();
await Promise.all([alice.close(true), bob.close(true)]);
rmSync(work, { recursive: true, force: true });
