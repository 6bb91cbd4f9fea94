/**
 * Opening a conversation with 100,000 stored messages. Target: the first page (50 messages) is
 * ready in under 50 ms. Baseline in the same run: a conversation of 100 messages, same profile.
 *   pnpm build:web && pnpm tsx bench/open-conversation.ts [runs]
 *
 * 1. Backend: the `messages.page` command through the real backend (payload validation, handler,
 *    encrypted store; harness from packages/backend), median of RUNS calls each for the newest
 *    page, a page deep in history (the cursor 90,000 messages back; in the small conversation the
 *    oldest full page), and the first call after opening the store afresh (OS file cache warm).
 * 2. WebSocket: the same command over the dev/test host's socket from Node (adds JSON + loopback).
 * 3. Browser: the dev/test host on the same profile, Debian Chromium. Fresh context per run;
 *    click `conversation-<peer>` in the Chats list and time, in the page (lib/browser.ts), from
 *    the click event's timeStamp to the first `message` element in the DOM and to the next
 *    painted frame: conversations.open + messages.page over the socket, React, Virtuoso.
 * The account is disabled (never connects): the store holds everything the pages need, so the
 * handler never falls back to the server's archive.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import type { Message } from '@parley/contract';
import { startHarness } from '../packages/backend/src/test-support/harness.js';
import {
  frames,
  heapAndNodes,
  installTiming,
  launchChromium,
  resultAt,
  timeClick,
} from './lib/browser.js';
import { mb, median, table } from './lib/figures.js';
import { requireWebBuild, startHost } from './lib/host.js';
import { connectWs } from './lib/ws-client.js';
import { size, smoke, verdict } from './lib/smoke.js';

const RUNS = smoke ? 1 : Math.max(5, Number(process.argv[2] ?? 20));
const BROWSER_RUNS = Math.min(RUNS, 9);
const PAGE = 50;
const TARGET_MS = 50;
const BIG = size(100_000, 2_000);
const CONVERSATIONS = [
  { peer: 'big@example.org', count: BIG, deepIndex: BIG / 10 },
  { peer: 'small@example.org', count: 100, deepIndex: 50 },
];
const BODIES = [
  'ok',
  'See you at the station at six?',
  'I pushed the fix; the roster no longer flickers when a hundred presences arrive at once.',
  'Ha, yes 😄',
  'Could you send me the slides from Tuesday? The ones with the throughput graph.',
  'On my way.',
];

requireWebBuild();
setTimeout(() => {
  console.error('open-conversation: watchdog (10 min) fired');
  process.exit(2);
}, 600_000).unref();

const profile = mkdtempSync(join(tmpdir(), 'parley-bench-conversation-'));
const key = randomBytes(32);
const accountId = randomUUID();
const idOf = (peer: string, i: number) => `${peer.split('@')[0]}-m${i}`;

function timeAsync(fn: () => Promise<unknown>, runs: number): Promise<number[]> {
  return (async () => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await fn();
      times.push(performance.now() - started);
    }
    return times;
  })();
}

interface BackendFigures {
  insertMs: number;
  firstMs: number;
  deepMs: number;
  coldMs: number;
  openMs: number;
}
const backend = new Map<string, BackendFigures>();
let host: Awaited<ReturnType<typeof startHost>> | null = null;
let browser: Browser | null = null;
try {
  // ---- fill the profile and time the command in-process ----
  let h = startHarness({ caPem: '', dir: profile, key, validateEvents: false });
  h.store.accounts.insert({
    id: accountId,
    jid: 'reader@example.org',
    password: 'pw',
    host: null,
    port: null,
    tlsMode: 'auto',
    pinnedFingerprint256: null,
    pinnedCertPem: null,
    enabled: false,
    resource: 'bench',
    ownPresence: { show: 'available', status: '' },
  });
  const now = Date.now();
  const inserted = new Map<string, number>();
  for (const { peer, count } of CONVERSATIONS) {
    const started = performance.now();
    let last: Message | null = null;
    h.store.transaction(() => {
      for (let i = 0; i < count; i++) {
        last = h.store.messages.insert({
          id: idOf(peer, i),
          accountId,
          peer,
          direction: i % 3 ? 'in' : 'out',
          body: `${BODIES[i % BODIES.length]} (#${i})`,
          // One message a minute up to now (100,000 minutes ≈ 69 days of days separators).
          timestamp: now - (count - i) * 60_000,
          status: i % 3 ? 'received' : 'acked',
          originId: `o-${peer}-${i}`,
          stanzaId: `s-${peer}-${i}`,
        }).message;
      }
      if (last) h.store.conversations.recordMessage(last, { countUnread: false });
    });
    inserted.set(peer, performance.now() - started);
  }
  h.store.checkpoint();

  const page = (peer: string, before: string | null) =>
    h.call('messages.page', { accountId, peer, before, limit: PAGE });
  for (const { peer, count, deepIndex } of CONVERSATIONS) {
    const first = await page(peer, null);
    const deep = await page(peer, idOf(peer, deepIndex));
    if (
      first.messages.length !== PAGE ||
      first.messages.at(-1)?.id !== idOf(peer, count - 1) ||
      deep.messages.at(-1)?.id !== idOf(peer, deepIndex - 1)
    )
      throw new Error(`messages.page returned the wrong rows for ${peer}`);
    backend.set(peer, {
      insertMs: inserted.get(peer)!,
      firstMs: median(await timeAsync(() => page(peer, null), RUNS)),
      deepMs: median(await timeAsync(() => page(peer, idOf(peer, deepIndex)), RUNS)),
      coldMs: NaN,
      openMs: NaN,
    });
  }
  await h.close();

  // First call after a fresh open: store open (key, schema check) and handler set-up not counted.
  const cold = new Map<string, number[]>(CONVERSATIONS.map((c) => [c.peer, []]));
  const opens: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    for (const { peer } of CONVERSATIONS) {
      const opened = performance.now();
      h = startHarness({ caPem: '', dir: profile, key, validateEvents: false });
      opens.push(performance.now() - opened);
      const started = performance.now();
      await page(peer, null);
      cold.get(peer)!.push(performance.now() - started);
      await h.close();
    }
  }
  for (const { peer } of CONVERSATIONS) {
    backend.get(peer)!.coldMs = median(cold.get(peer)!);
    backend.get(peer)!.openMs = median(opens);
  }
  const fileMb = statSync(join(profile, 'parley.db')).size / 2 ** 20;

  // ---- the same command over the host's WebSocket ----
  host = await startHost({ profile, key });
  const ws = await connectWs(host.url);
  const overWs = new Map<string, { ms: number; bytes: number }>();
  for (const { peer } of CONVERSATIONS) {
    const calls = [];
    for (let i = 0; i < RUNS; i++)
      calls.push(await ws.call('messages.page', { accountId, peer, before: null, limit: PAGE }));
    if (!calls.every((c) => c.result.ok)) throw new Error('messages.page over WS failed');
    overWs.set(peer, { ms: median(calls.map((c) => c.ms)), bytes: calls[0]!.bytes });
  }
  ws.close();

  // ---- the browser: click the conversation, first message painted ----
  browser = await launchChromium();
  interface Click {
    toDomMs: number;
    toPaintMs: number;
    /** click → messages.page sent, and → its result received by the page. */
    pageSentMs: number;
    pageResultMs: number;
  }
  const clicks = new Map<string, Click[]>();
  const inDom = new Map<string, number>();
  const heap = new Map<string, number>();
  for (let run = 0; run <= BROWSER_RUNS; run++) {
    for (const { peer, count } of CONVERSATIONS) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      try {
        const tab = await context.newPage();
        await installTiming(tab);
        await tab.goto(host.url);
        const item = `[data-testid="conversation-${peer}"]`;
        await tab.locator(item).waitFor({ timeout: 30_000 });
        await tab.waitForTimeout(300); // let the start-up calls finish
        const timing = await timeClick(tab, item, '[data-testid="message"]');
        if (run === 0) continue; // warm-up
        const seen = await frames(tab);
        const sent = seen.find(
          (f) => f.dir === 'out' && f.name === 'messages.page' && f.t >= timing.clickAt,
        );
        (clicks.get(peer) ?? clicks.set(peer, []).get(peer)!).push({
          ...timing,
          pageSentMs: (sent?.t ?? NaN) - timing.clickAt,
          pageResultMs: resultAt(seen, 'messages.page', timing.clickAt) - timing.clickAt,
        });
        const newest = `[data-testid="message"][data-id="${idOf(peer, count - 1)}"]`;
        await tab.locator(newest).waitFor({ timeout: 10_000 });
        await tab.waitForTimeout(300);
        inDom.set(peer, await tab.locator('[data-testid="message"]').count());
        heap.set(peer, (await heapAndNodes(tab)).heapBytes);
      } finally {
        await context.close();
      }
    }
  }

  const ms = (n: number) => `${n.toFixed(2)} ms`;
  console.log(
    `open-conversation: page of ${PAGE}; backend and WebSocket: median of ${RUNS}; ` +
      `browser: median of ${BROWSER_RUNS} (one warm-up run not counted); store ${fileMb.toFixed(1)} MB`,
  );
  table(
    CONVERSATIONS.map(({ peer, count }) => {
      const b = backend.get(peer)!;
      const c = clicks.get(peer)!;
      return {
        messages: count,
        'insert rows/s': Math.round(count / (b.insertMs / 1000)),
        'messages.page newest': ms(b.firstMs),
        'messages.page deep': ms(b.deepMs),
        'first call after open': ms(b.coldMs),
        'store open': ms(b.openMs),
        'over WebSocket': `${ms(overWs.get(peer)!.ms)} / ${(overWs.get(peer)!.bytes / 1024).toFixed(1)} KB`,
        'click → page requested': ms(median(c.map((x) => x.pageSentMs))),
        'click → page received': ms(median(c.map((x) => x.pageResultMs))),
        'click → message in DOM': ms(median(c.map((x) => x.toDomMs))),
        'click → painted': ms(median(c.map((x) => x.toPaintMs))),
        'messages in DOM': inDom.get(peer)!,
        'JS heap': mb(heap.get(peer)!),
      };
    }),
  );
  const big = backend.get(CONVERSATIONS[0]!.peer)!;
  const worst = Math.max(big.firstMs, big.coldMs);
  console.log(
    `${BIG.toLocaleString('en')} messages: first page ${ms(big.firstMs)} warm, ${ms(big.coldMs)} after open ` +
      `(target < ${TARGET_MS} ms): ${verdict(worst < TARGET_MS)}; in the browser ` +
      `click → painted ${ms(median(clicks.get(CONVERSATIONS[0]!.peer)!.map((x) => x.toPaintMs)))}`,
  );
} finally {
  await browser?.close();
  await host?.stop();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(0);
