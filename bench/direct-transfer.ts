/**
 * Peer-to-peer file transfer (XEP-0234) between two Parley backends through Prosody on loopback,
 * over each transport Parley offers, against the HTTP upload path (XEP-0363: upload, then the
 * peer's download) with the same file in the same run. Target: the data channel moves the file
 * at least as fast as the HTTP path takes it from sender to receiver.
 *   pnpm tsx bench/direct-transfer.ts [megabytes] [in-band megabytes]
 *
 * Set-up: a throwaway Prosody; the sender's backend runs in this process, the receiver's in a
 * child (bench/lib/direct-peer.ts) so the two ends have a core each, as on two machines. For
 * each transport a fresh pair of users offers only that transport; the time runs from the
 * receiver's accept (files.download) to its transfer being done, and the saved file's SHA-256
 * is checked. In-band bytestreams (base64 in iqs through the server) run at a smaller size.
 * The data channel's ICE stays on loopback (host candidates on 127.0.0.1, no STUN/TURN). The
 * HTTP figure is the file's size over the upload's time plus the download's.
 * A smoke run (BENCH_SMOKE=1) moves 3 MB (in-band: 1 MB) each way and judges nothing.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Account, EventPayload, Transfer } from '@parley/contract';
import { startHarness, type Harness } from '../packages/backend/src/test-support/harness.js';
import { addOnlineAccount } from '../packages/backend/src/test-support/accounts.js';
import { startDirectPeer, type DirectPeer } from './lib/direct-peer.js';
import {
  availableTransports,
  benchTransports,
  type TransportName,
} from './lib/direct-transports.js';
import { table } from './lib/figures.js';
import { withServer } from './lib/with-server.js';
import { size, smoke, verdict } from './lib/smoke.js';

const MEGABYTES = Number(process.argv[2] ?? size(200, 3));
const IBB_MEGABYTES = Number(process.argv[3] ?? size(10, 1));
const TRANSPORTS = availableTransports();
const PAIRS = [...TRANSPORTS, 'http'] as const;
type PairName = (typeof PAIRS)[number];
const STEP_MS = 600_000;

const server = await withServer({
  users: PAIRS.flatMap((p) => [
    { local: `a-${p}`, password: 'pw' },
    { local: `b-${p}`, password: 'pw' },
  ]),
});
setTimeout(() => {
  console.error('direct-transfer: watchdog (40 min) fired');
  process.exit(2);
}, 2_400_000).unref();

const work = mkdtempSync(join(tmpdir(), 'parley-bench-direct-'));

/** Random (incompressible) content in 4 MB pieces; returns its base64 SHA-256. */
function writePayload(path: string, bytes: number): string {
  const fd = openSync(path, 'w');
  const hash = createHash('sha256');
  for (let written = 0; written < bytes;) {
    const piece = randomBytes(Math.min(4 << 20, bytes - written));
    writeSync(fd, piece);
    hash.update(piece);
    written += piece.length;
  }
  closeSync(fd);
  return hash.digest('base64');
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const piece of createReadStream(path)) hash.update(piece as Buffer);
  return hash.digest('base64');
}

async function until(what: string, check: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`direct-transfer: ${what} did not happen in 20 s`);
}

/** `id`'s end on the sender's side, whether it has come already or is still to come. */
function settled(h: Harness, id: string): Promise<Transfer> {
  const ended = (t: Transfer) => t.id === id && t.state !== 'queued' && t.state !== 'active';
  const seen = h.events
    .filter((e) => e.name === 'transfer.changed')
    .map((e) => e.payload as Transfer)
    .find(ended);
  return seen ? Promise.resolve(seen) : h.waitFor('transfer.changed', ended, STEP_MS);
}

interface Pair {
  a: Harness;
  account: Account;
  b: DirectPeer;
}

/** Sender here, receiver in its own process, friends, each offering only `transports`. */
async function startPair(name: PairName, transports: TransportName[]): Promise<Pair> {
  const a = startHarness({
    caPem: server.caPem,
    validateEvents: false,
    directTransports: benchTransports(transports),
  });
  const account = await addOnlineAccount(a, server, `a-${name}`, { password: 'pw' });
  const downloads = join(work, `downloads-${name}`);
  mkdirSync(downloads, { recursive: true });
  const b = await startDirectPeer({
    server,
    local: `b-${name}`,
    password: 'pw',
    transports,
    downloadDir: downloads,
  });
  await a.call('roster.add', { accountId: account.id, jid: b.account.jid, name: '', groups: [] });
  await until(
    'the subscription',
    () => a.store.contacts.get(account.id, b.account.jid)?.subscription === 'both',
  );
  await a.call('omemo.conversation.set', {
    accountId: account.id,
    peer: b.account.jid,
    encryption: 'off',
  });
  await b.call('settings.set', { key: 'autoDownloadBytes', accountId: b.account.id, value: 0 });
  if (transports.length > 0) {
    await until('direct support', async () => {
      const s = await a.call('files.directSupport', { accountId: account.id, peer: b.account.jid });
      return s.supported;
    });
  }
  return { a, account, b };
}

async function stopPair(p: Pair): Promise<void> {
  await Promise.all([p.a.close(true), p.b.stop()]);
}

/** b accepts message `messageId`'s file; seconds from the accept to b's transfer done. */
async function receive(
  p: Pair,
  messageId: string,
  sha256: string,
): Promise<{ seconds: number; t: Transfer }> {
  // Listening before the accept: a transfer can end before files.download has answered.
  const settledDown = p.b.waitFor(
    'transfer.changed',
    (x) =>
      x.messageId === messageId &&
      x.direction === 'download' &&
      (x.state === 'done' || x.state === 'failed'),
    STEP_MS,
  );
  const started = performance.now();
  await p.b.call('files.download', { accountId: p.b.account.id, messageId });
  const done = await settledDown;
  const seconds = (performance.now() - started) / 1000;
  if (done.state !== 'done') throw new Error(`download failed: ${done.error?.message ?? ''}`);
  if ((await sha256Of(done.localPath!)) !== sha256)
    throw new Error('the saved file differs from the source');
  rmSync(done.localPath!);
  return { seconds, t: done };
}

interface Row {
  path: string;
  bytes: number;
  seconds: number;
}

async function direct(
  name: TransportName,
  path: string,
  bytes: number,
  sha256: string,
): Promise<Row> {
  const p = await startPair(name, [name]);
  try {
    const offered = p.b.waitFor(
      'message.added',
      (m: EventPayload<'message.added'>) => m.attachment?.direct === true,
      60_000,
    );
    const [sent] = await p.a.call('files.sendDirect', {
      accountId: p.account.id,
      peer: p.b.account.jid,
      files: [p.a.grant(path)],
    });
    const message = await offered;
    const { seconds, t } = await receive(p, message.id, sha256);
    const up = await settled(p.a, sent!.id);
    if (up.state !== 'done' || t.direct?.transport !== name) {
      throw new Error(`${name}: sender ${up.state}, route ${t.direct?.transport ?? 'none'}`);
    }
    return { path: `direct: ${name}`, bytes, seconds };
  } finally {
    await stopPair(p);
  }
}

async function http(path: string, bytes: number, sha256: string): Promise<Row[]> {
  const p = await startPair('http', []);
  try {
    const arrived = p.b.waitFor(
      'message.added',
      (m: EventPayload<'message.added'>) => m.attachment?.sha256 === sha256,
      STEP_MS,
    );
    const started = performance.now();
    const [t] = await p.a.call('files.send', {
      accountId: p.account.id,
      peer: p.b.account.jid,
      files: [p.a.grant(path)],
    });
    const up = await settled(p.a, t!.id);
    if (up.state !== 'done') throw new Error(`upload failed: ${up.error?.message ?? ''}`);
    const upSeconds = (performance.now() - started) / 1000;
    const message = await arrived;
    const down = await receive(p, message.id, sha256);
    return [
      { path: 'HTTP upload (XEP-0363)', bytes, seconds: upSeconds },
      { path: 'HTTP download', bytes, seconds: down.seconds },
      { path: 'HTTP path: upload + download', bytes, seconds: upSeconds + down.seconds },
    ];
  } finally {
    await stopPair(p);
  }
}

const big = join(work, 'payload.bin');
const bigHash = writePayload(big, MEGABYTES << 20);
const small = join(work, 'payload-ibb.bin');
const smallHash = writePayload(small, IBB_MEGABYTES << 20);

const rows: Row[] = [];
for (const name of TRANSPORTS) {
  rows.push(
    name === 'ibb'
      ? await direct(name, small, IBB_MEGABYTES << 20, smallHash)
      : await direct(name, big, MEGABYTES << 20, bigHash),
  );
}
rows.push(...(await http(big, MEGABYTES << 20, bigHash)));

const rate = (r: Row) => r.bytes / (1 << 20) / r.seconds;
const httpPath = rows.find((r) => r.path.startsWith('HTTP path'))!;
console.log(
  `direct-transfer: ${MEGABYTES} MB (in-band: ${IBB_MEGABYTES} MB), loopback through Prosody`,
);
table(
  rows.map((r) => ({
    path: r.path,
    size: `${(r.bytes / (1 << 20)).toFixed(0)} MB`,
    seconds: r.seconds.toFixed(1),
    'MB/s': rate(r).toFixed(2),
    'vs HTTP path': `${((rate(r) / rate(httpPath)) * 100).toFixed(0)}%`,
  })),
);
const webrtc = rows.find((r) => r.path === 'direct: webrtc');
if (webrtc) {
  console.log(
    `data channel: ${rate(webrtc).toFixed(2)} MB/s, HTTP path ${rate(httpPath).toFixed(2)} MB/s ` +
      `(target: data channel ≥ HTTP path): ${verdict(rate(webrtc) >= rate(httpPath))}`,
  );
}
rmSync(work, { recursive: true, force: true });
if (!smoke)
  console.log(
    `load average at the end: ${(await import('node:os'))
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
