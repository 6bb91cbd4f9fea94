/**
 * Memory soak: 8 simulated hours of a busy user's traffic at an accelerated rate, with the
 * renderer open on the busiest conversation. Target: backend RSS and renderer JS heap flat
 * within 10 % from the start (after a warm-up) to the end.
 *   pnpm build:web && pnpm tsx bench/soak.ts [hours] [speed-up]
 *
 * Traffic (simulated time; defaults 8 hours at 120×, so 4 real minutes): a room of 5 other
 * occupants (the testkit crowd component, in its own process) posts a message every 10 s on
 * average (2,880 in 8 h), and a contact (a bare @xmpp/client through the real Prosody) writes
 * every 60 s (480), each message preceded by a "composing" chat state; the times are jittered
 * deterministically and sent on a paced schedule (not a burst), so at 120× the server carries
 * ~16 stanzas a second (messages and chat states).
 *
 * Parley: the dev/test WebSocket host (real backend, encrypted store, logged in for real, joined
 * to the room) with the built renderer in Debian Chromium, the room's conversation open and
 * scrolled to the bottom, as a user leaving the window on a busy room. At every 10 % of the
 * traffic a sample (the first 20 % are warm-up, see WARM_UP): the host process's RSS
 * (/proc/<pid>/status) after a forced GC in it (the host runs with --inspect on loopback; its JS
 * heap is reported too), and the renderer's JS heap after a forced GC (CDP
 * HeapProfiler.collectGarbage, then Runtime.getHeapUsage), with its DOM node count. The last
 * sample is taken once both conversations' newest stored message is the last one sent, after
 * 3 s of quiet. The verdict compares the last sample with the first after the warm-up: a leak
 * is growth, so only growth is judged (the host's RSS also falls by steps, when its allocator
 * hands memory back to the system; the figures show the sign). A
 * screenshot of the room at the end goes to test-results/screenshots/soak-room.png; with
 * SOAK_SCROLL_CHECK=1 the bench then scrolls the room up and prints the first message shown
 * (older pages must come back from the store after the timeline was cut); with SOAK_HEAP_DIFF=1
 * it prints what grew most in the host's heap (two snapshots through its inspector, by
 * constructor).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, CDPSession, Page } from '@playwright/test';
import { openStore } from '@parley/store';
import { bareClient, xml } from './lib/bare-client.js';
import { launchChromium, until } from './lib/browser.js';
import { mb, table } from './lib/figures.js';
import { requireWebBuild, startHost, type BenchHost } from './lib/host.js';
import { rssOf, rssPartsOf } from './lib/memory.js';
import {
  attachInspector,
  freePort,
  heapGrowth as heapGrowthOf,
  type HeapSummary,
  type NodeInspector,
} from './lib/node-inspector.js';
import { startRemoteCrowd, type RemoteCrowd } from './lib/remote-crowd.js';
import { size, verdict } from './lib/smoke.js';
import { withServer } from './lib/with-server.js';
import { connectWs, type WsClient } from './lib/ws-client.js';
import { insertBenchAccount } from './lib/bench-account.js';

const HOURS = Number(process.argv[2] ?? size(8, 0.25));
const SPEED_UP = Number(process.argv[3] ?? size(120, 300));
const ROOM_EVERY_S = 10;
const CHAT_EVERY_S = 60;
const OCCUPANTS = 5;
const SAMPLES = 10;
/**
 * Samples before this share of the traffic are warm-up (shown, not judged): the open room's
 * timeline is first cut to its newest messages at ~400 (MAX_KEPT_MESSAGES in the renderer's
 * chat store), ~12 % of the traffic, and the start sample must see the same steady state as the
 * end one; code paths run for the first time (JIT, caches) settle in the same stretch.
 */
const WARM_UP = 0.2;
const TARGET = 0.1;

requireWebBuild();
const server = await withServer({
  users: [
    { local: 'reader', password: 'pw' },
    { local: 'friend', password: 'pw' },
  ],
});
const realSeconds = (HOURS * 3600) / SPEED_UP;
// Nothing below may hang the bench: the traffic's own time plus set-up and settling.
setTimeout(
  () => {
    console.error('soak: watchdog fired');
    process.exit(2);
  },
  (realSeconds + 300) * 1000,
).unref();

interface Send {
  /** Simulated seconds since the start. */
  at: number;
  kind: 'room' | 'chat';
  body: string;
}

/** The whole traffic plan, in time order: jitter of ±50 % from a fixed pseudo-random walk. */
function schedule(): Send[] {
  const end = HOURS * 3600;
  const plan: Send[] = [];
  let seed = 12345;
  const jitter = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return 0.5 + seed / 2 ** 31;
  };
  const add = (kind: Send['kind'], every: number) => {
    for (let t = every * jitter(), n = 0; t < end; t += every * jitter(), n++)
      plan.push({
        at: t,
        kind,
        body: `${kind} message ${n}: ${'lorem ipsum dolor '.repeat(1 + (n % 6))}`,
      });
  };
  add('room', ROOM_EVERY_S);
  add('chat', CHAT_EVERY_S);
  return plan.sort((a, b) => a.at - b.at);
}

interface Sample {
  /** Share of the traffic sent when taken. */
  sent: number;
  simulatedHours: number;
  hostRss: number;
  /** Of hostRss: anonymous, file-backed and shared-memory pages. */
  hostParts: ReturnType<typeof rssPartsOf>;
  hostHeap: number;
  heap: number;
  nodes: number;
}

async function sample(
  cdp: CDPSession,
  host: BenchHost,
  inspector: NodeInspector,
  sent: number,
  hours: number,
): Promise<Sample> {
  const hostHeap = await inspector.heapAfterGc();
  const hostRss = rssOf(host.pid);
  const hostParts = rssPartsOf(host.pid);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const nodes = metrics.find((m) => m.name === 'Nodes')?.value ?? NaN;
  return { sent, simulatedHours: hours, hostRss, hostParts, hostHeap, heap: usedSize, nodes };
}

async function newest(ws: WsClient, accountId: string, peer: string): Promise<string | null> {
  const { result } = await ws.call('messages.page', { accountId, peer, before: null, limit: 1 });
  if (!result.ok) return null;
  return (result.value as { messages: Array<{ body: string }> }).messages.at(-1)?.body ?? null;
}

async function openRoom(page: Page, url: string, room: string): Promise<void> {
  await page.goto(url);
  await page
    .locator('[data-testid="account-state"][data-state="online"]')
    .waitFor({ timeout: 30_000 });
  await page.locator(`[data-testid="conversation-${room}"]`).click({ timeout: 30_000 });
  await page.locator('[data-testid="message"]').first().waitFor({ timeout: 30_000 });
  // Let the opening settle (first page laid out at the bottom) before the traffic starts.
  await page.waitForTimeout(1_000);
}

/** The room view still at its newest message (no "jump to latest" button shown). */
async function atBottom(page: Page): Promise<boolean> {
  return (await page.locator('[data-testid="jump-latest"]').count()) === 0;
}

const profile = mkdtempSync(join(tmpdir(), 'parley-bench-soak-'));
const key = randomBytes(32);
const accountId = randomUUID();
const room = `soak@${server.mucDomain}`;
const friendJid = `friend@${server.domain}`;
const readerJid = `reader@${server.domain}`;
let host: BenchHost | null = null;
let ws: WsClient | null = null;
let crowd: RemoteCrowd | null = null;
let friend: Awaited<ReturnType<typeof bareClient>> | null = null;
let browser: Browser | null = null;
let inspector: NodeInspector | null = null;
try {
  const store = openStore({ path: join(profile, 'parley.db'), key });
  insertBenchAccount(store, {
    id: accountId,
    jid: readerJid,
    host: server.host,
    port: server.c2sPort,
  });
  store.close();

  crowd = await startRemoteCrowd(server, { count: OCCUPANTS, room, nickPrefix: 'member' });
  friend = await bareClient(
    `xmpp://${server.host}:${server.c2sPort}`,
    server.domain,
    'friend',
    'pw',
  );
  // The host runs with an inspector on loopback, to collect its garbage before each sample.
  const inspectPort = await freePort();
  const inherited = process.env['NODE_OPTIONS'] ?? '';
  host = await startHost({
    profile,
    key,
    caPem: server.caPem,
    env: { NODE_OPTIONS: `${inherited} --inspect=127.0.0.1:${inspectPort}`.trim() },
  });
  const hostInspector = await attachInspector(inspectPort);
  inspector = hostInspector;
  ws = await connectWs(host.url);
  await until(
    'the account online',
    async () => {
      const { result } = await ws!.call('accounts.list', {});
      const list = result.ok ? (result.value as Array<{ id: string; state: string }>) : [];
      return list.some((a) => a.id === accountId && a.state === 'online');
    },
    30_000,
  );
  const joined = await ws.call(
    'rooms.join',
    { accountId, room, nick: 'reader', password: null },
    60_000,
  );
  if (!joined.result.ok) throw new Error(`rooms.join failed: ${JSON.stringify(joined.result)}`);
  // One message in each conversation before the page opens, so both are listed.
  await crowd.send(0, 'hello room');
  await friend.send(xml('message', { to: readerJid, type: 'chat' }, xml('body', {}, 'hello')));
  await until(
    'the first messages stored',
    async () =>
      (await newest(ws!, accountId, room)) === 'hello room' &&
      (await newest(ws!, accountId, friendJid)) === 'hello',
    30_000,
  );

  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await openRoom(page, host.url, room);
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('Performance.enable');

  const plan = schedule();
  const samples: Sample[] = [];
  // SOAK_HEAP_DIFF=1: host heap snapshots at the first judged sample and at the end, diffed.
  const heapDiff = process.env['SOAK_HEAP_DIFF'] === '1';
  let heapAtStart: HeapSummary | null = null;
  const marks = Array.from({ length: SAMPLES }, (_, i) =>
    Math.ceil(((i + 1) * plan.length) / SAMPLES),
  );
  const started = performance.now();
  let late = 0;
  for (const [i, send] of plan.entries()) {
    const due = started + (send.at / SPEED_UP) * 1000;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    else if (wait < -1000) late++;
    if (send.kind === 'room') await crowd.send(1 + (i % (OCCUPANTS - 1)), send.body);
    else {
      const to = readerJid;
      const states = 'http://jabber.org/protocol/chatstates';
      await friend.send(xml('message', { to, type: 'chat' }, xml('composing', { xmlns: states })));
      await friend.send(
        xml(
          'message',
          { to, type: 'chat', id: `c${i}` },
          xml('body', {}, send.body),
          xml('active', { xmlns: states }),
        ),
      );
    }
    // The first mark ends the warm-up; sampling is done between sends (it takes a moment).
    if (marks.includes(i + 1) && i + 1 < plan.length) {
      samples.push(await sample(cdp, host, hostInspector, (i + 1) / plan.length, send.at / 3600));
      if (heapDiff && !heapAtStart && (i + 1) / plan.length >= WARM_UP - 1e-9)
        heapAtStart = await hostInspector.heapSummary();
    }
  }
  const sentMs = performance.now() - started;
  const lastOf = (kind: Send['kind']) => plan.filter((s) => s.kind === kind).at(-1)?.body ?? null;
  await until(
    'every message stored',
    async () =>
      (await newest(ws!, accountId, room)) === lastOf('room') &&
      (await newest(ws!, accountId, friendJid)) === (lastOf('chat') ?? 'hello'),
    120_000,
  );
  await page.waitForTimeout(3_000);
  samples.push(await sample(cdp, host, hostInspector, 1, HOURS));
  if (heapAtStart) {
    console.log('host heap: what grew most from the first judged sample to the end');
    table(
      heapGrowthOf(heapAtStart, await hostInspector.heapSummary(), 15).map((g) => ({
        what: g.what,
        'bytes grown': g.bytes,
        'objects grown': g.count,
      })),
    );
  }
  const shown = await page.locator('[data-testid="message"]').count();
  const stayedAtBottom = await atBottom(page);
  await page.screenshot({ path: 'test-results/screenshots/soak-room.png' });
  if (process.env['SOAK_SCROLL_CHECK']) {
    const firstShown = () => page.locator('[data-testid="message"]').first().innerText();
    console.log('before scrolling up:', await firstShown());
    for (let n = 0; n < 40; n++) {
      await page.mouse.move(800, 300);
      await page.mouse.wheel(0, -3000);
      await page.waitForTimeout(150);
    }
    console.log('after scrolling up:', await firstShown());
    await page.screenshot({ path: 'test-results/screenshots/soak-room-scrolled.png' });
  }

  const counts = {
    room: plan.filter((s) => s.kind === 'room').length,
    chat: plan.filter((s) => s.kind === 'chat').length,
  };
  console.log(
    `soak: ${HOURS} simulated hours at ${SPEED_UP}× (${realSeconds.toFixed(0)} s planned, ` +
      `${(sentMs / 1000).toFixed(0)} s taken, ${late} sends > 1 s late): ${counts.room} room messages ` +
      `from ${OCCUPANTS} occupants, ${counts.chat} chat messages with chat states; ` +
      `Chromium ${browser.version()}, the room open; ${shown} message elements in the DOM at the end; ` +
      (stayedAtBottom
        ? 'the view at the bottom at the end'
        : 'THE VIEW LEFT THE BOTTOM (nobody scrolled): the timeline then keeps every message'),
  );
  const first = samples.find((s) => s.sent >= WARM_UP - 1e-9) ?? samples[0]!;
  table(
    samples.map((s) => ({
      'traffic sent': `${Math.round(s.sent * 100)} %${s.sent < WARM_UP - 1e-9 ? ' (warm-up)' : ''}`,
      'simulated h': s.simulatedHours.toFixed(1),
      'host RSS': mb(s.hostRss),
      'anon / file / shmem': `${mb(s.hostParts.anon)} / ${mb(s.hostParts.file)} / ${mb(s.hostParts.shmem)}`,
      'host JS heap': mb(s.hostHeap),
      'renderer JS heap (after GC)': mb(s.heap),
      'DOM nodes': s.nodes,
    })),
  );
  const last = samples.at(-1)!;
  const rssGrowth = last.hostRss / first.hostRss - 1;
  const heapGrowth = last.heap / first.heap - 1;
  const hostHeapGrowth = last.hostHeap / first.hostHeap - 1;
  const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;
  console.log(
    `from ${Math.round(first.sent * 100)} % to 100 % of the traffic: host RSS ${pct(rssGrowth)}, ` +
      `renderer JS heap ${pct(heapGrowth)} (target: neither grows more than ${TARGET * 100} %; host JS heap ` +
      `${pct(hostHeapGrowth)}, not judged): ` +
      // A heap snapshot costs the host ~100 MB of RSS it keeps: no RSS verdict then.
      (heapDiff
        ? 'not judged (SOAK_HEAP_DIFF: the snapshots inflate the RSS)'
        : verdict(rssGrowth <= TARGET && heapGrowth <= TARGET)),
  );
  await context.close();
} finally {
  await browser?.close();
  inspector?.close();
  ws?.close();
  await friend?.stop();
  await crowd?.close();
  await host?.stop();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(0);
