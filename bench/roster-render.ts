/**
 * Roster render in the browser e2e setup. Target: a roster of 5,000 contacts renders its first
 * row in under 200 ms after the Contacts tab is clicked. Baseline in the same run: 50 contacts.
 *   pnpm build:web && pnpm tsx bench/roster-render.ts [runs]
 *
 * Setup: a throwaway Prosody with one user per roster size whose roster (5,000 contacts in 50
 * groups; 50 in 5) is seeded into Prosody's storage, and a Parley profile per size whose
 * encrypted store holds the account and the same roster at the same XEP-0237 version. Each
 * profile is served by the real dev/test WebSocket host; the account logs in for real, so the
 * renderer gets the roster from `roster.list` as it does in daily use.
 *
 * Each run is a fresh browser context: load the page, wait until the account is online and every
 * `roster.list` the renderer sent is answered and the socket has been quiet for 500 ms, then
 * click the Contacts tab (a real click through CDP). The in-page script (lib/browser.ts) takes
 * the click event's timeStamp as the start, a MutationObserver the moment the first contact row
 * is in the DOM, and a task posted from the next requestAnimationFrame as "painted". Then: rows
 * in the DOM, JS heap after a forced GC and DOM nodes (CDP Performance.getMetrics), and typing a
 * filter (100 ms between keys) timed per key (input event → next frame) and from the last key to
 * the frame that shows the one remaining contact. One unmeasured warm-up run per size first.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { openStore } from '@parley/store';
import { bareClient, xml } from './lib/bare-client.js';
import {
  heapAndNodes,
  installTiming,
  launchChromium,
  timeClick,
  timeTyping,
} from './lib/browser.js';
import { mb, median, table } from './lib/figures.js';
import { requireWebBuild, startHost, type BenchHost } from './lib/host.js';
import { rosterFixture, writeProsodyRoster, type RosterFixture } from './lib/roster-fixture.js';
import { withServer, type BenchServer } from './lib/with-server.js';
import { connectWs } from './lib/ws-client.js';
import { smoke, verdict } from './lib/smoke.js';
import { insertBenchAccount } from './lib/bench-account.js';

const RUNS = smoke ? 1 : Math.max(5, Number(process.argv[2] ?? 7));
/** The big roster first (the target is about it), then a small one as the baseline. */
const SIZES = smoke ? [200, 50] : [5_000, 50];
const BIG = SIZES[0]!;
const TARGET_MS = 200;
const ROSTER_VERSION = 7;
const ROW = 'div.contact-row[data-testid^="contact-"]';

requireWebBuild();
const server = await withServer({ users: SIZES.map((n) => ({ local: `r${n}`, password: 'pw' })) });
// Nothing below may hang the bench: a watchdog ends it (hosts are killed on exit).
setTimeout(() => {
  console.error('roster-render: watchdog (10 min) fired');
  process.exit(2);
}, 600_000).unref();

interface Setup {
  size: number;
  fixture: RosterFixture;
  accountId: string;
  host: BenchHost;
  profile: string;
}

async function prepare(size: number, srv: BenchServer): Promise<Setup> {
  const user = `r${size}`;
  const fixture = rosterFixture(size, srv.domain);
  writeProsodyRoster(srv.dir, srv.domain, user, fixture.contacts, ROSTER_VERSION);
  // Check Prosody took the seeded roster (a broken file would silently be an empty roster).
  const bare = await bareClient(`xmpp://${srv.host}:${srv.c2sPort}`, srv.domain, user, 'pw');
  const roster = await bare.iqCaller.request(
    xml('iq', { type: 'get' }, xml('query', { xmlns: 'jabber:iq:roster' })),
    30_000,
  );
  const items = roster.getChild('query')?.getChildren('item').length ?? 0;
  await bare.stop();
  if (items !== size) throw new Error(`Prosody roster of ${user} has ${items} items, not ${size}`);

  const profile = mkdtempSync(join(tmpdir(), `parley-bench-roster-${size}-`));
  const key = randomBytes(32);
  const store = openStore({ path: join(profile, 'parley.db'), key });
  const accountId = randomUUID();
  insertBenchAccount(store, {
    id: accountId,
    jid: `${user}@${srv.domain}`,
    host: srv.host,
    port: srv.c2sPort,
  });
  store.contacts.replaceAll(accountId, fixture.contacts, String(ROSTER_VERSION));
  store.close();
  const host = await startHost({ profile, key, caPem: srv.caPem });
  return { size, fixture, accountId, host, profile };
}

/** roster.list over the host's WebSocket from Node: backend + JSON + loopback, no rendering. */
async function rosterListCost(setup: Setup): Promise<{ ms: number; bytes: number }> {
  const ws = await connectWs(setup.host.url);
  try {
    const started = Date.now();
    for (;;) {
      const { result } = await ws.call('accounts.list', {});
      const online =
        result.ok &&
        (result.value as Array<{ id: string; state: string }>).some(
          (a) => a.id === setup.accountId && a.state === 'online',
        );
      if (online) break;
      if (Date.now() - started > 30_000) throw new Error(`r${setup.size} never came online`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const calls = [];
    for (let i = 0; i < RUNS; i++) {
      const call = await ws.call('roster.list', { accountId: setup.accountId });
      if (!call.result.ok || (call.result.value as unknown[]).length !== setup.size)
        throw new Error(`roster.list of r${setup.size} did not return ${setup.size} contacts`);
      calls.push(call);
    }
    return { ms: median(calls.map((c) => c.ms)), bytes: calls[0]!.bytes };
  } finally {
    ws.close();
  }
}

/** Waits until the renderer is online with its roster loaded and the socket is quiet. */
async function settle(page: Page, url: string): Promise<{ events: number }> {
  const sent = new Set<number>();
  const answered = new Set<number>();
  let lastFrame = Date.now();
  let events = 0;
  page.on('websocket', (socket) => {
    socket.on('framesent', ({ payload }) => {
      lastFrame = Date.now();
      const frame = JSON.parse(payload.toString()) as { name?: string; id?: number };
      if (frame.name === 'roster.list' && frame.id !== undefined) sent.add(frame.id);
    });
    socket.on('framereceived', ({ payload }) => {
      lastFrame = Date.now();
      const frame = JSON.parse(payload.toString()) as { kind: string; id?: number };
      if (frame.kind === 'result' && frame.id !== undefined && sent.has(frame.id))
        answered.add(frame.id);
      if (frame.kind === 'event') events++;
    });
  });
  await page.goto(url);
  await page
    .locator('[data-testid="account-state"][data-state="online"]')
    .waitFor({ timeout: 30_000 });
  const started = Date.now();
  while (!(sent.size > 0 && answered.size === sent.size && Date.now() - lastFrame >= 500)) {
    if (Date.now() - started > 30_000) throw new Error('the renderer never settled');
    await new Promise((r) => setTimeout(r, 50));
  }
  return { events };
}

interface Run {
  toDomMs: number;
  toPaintMs: number;
  rows: number;
  groups: number;
  heapBytes: number;
  nodes: number;
  keyMedianMs: number;
  keyMaxMs: number;
  lastKeyToListMs: number;
  events: number;
}

async function measure(browser: Browser, setup: Setup): Promise<Run> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await installTiming(page);
    const { events } = await settle(page, setup.host.url);
    const click = await timeClick(page, '[data-testid="tab-contacts"]', ROW);
    await page.waitForTimeout(500);
    const [rows, groups] = (await page.evaluate(
      `[document.querySelectorAll(${JSON.stringify(ROW)}).length,
        document.querySelectorAll('.roster-group').length]`,
    )) as [number, number];
    const { heapBytes, nodes } = await heapAndNodes(page);
    const { jid, filter } = setup.fixture.target;
    const typing = await timeTyping(
      page,
      '[data-testid="roster-filter"]',
      filter,
      `document.querySelectorAll(${JSON.stringify(ROW)}).length === 1 &&
       !!document.querySelector(${JSON.stringify(`[data-testid="contact-${jid}"]`)})`,
      100,
    );
    const perKey = typing.keys.map((k) => k.toPaintMs);
    return {
      ...click,
      rows,
      groups,
      heapBytes,
      nodes,
      keyMedianMs: median(perKey),
      keyMaxMs: Math.max(...perKey),
      lastKeyToListMs: typing.lastKeyToDoneMs,
      events,
    };
  } finally {
    await context.close();
  }
}

const setups: Setup[] = [];
let browser: Browser | null = null;
try {
  for (const size of SIZES) setups.push(await prepare(size, server));
  const listCost = new Map<number, { ms: number; bytes: number }>();
  for (const setup of setups) listCost.set(setup.size, await rosterListCost(setup));

  browser = await launchChromium();
  const runs = new Map<number, Run[]>(SIZES.map((n) => [n, []]));
  const warmup = new Map<number, Run>();
  // Sizes alternate run by run, so drift on a shared machine hits both alike. A smoke run
  // measures once per size and lets that run be the warm-up too (its figures are not read).
  for (let i = 0; i <= (smoke ? 0 : RUNS); i++) {
    for (const setup of setups) {
      const run = await measure(browser, setup);
      if (i === 0) warmup.set(setup.size, run);
      if (i > 0 || smoke) runs.get(setup.size)!.push(run);
    }
  }

  const ms = (n: number) => `${n.toFixed(1)} ms`;
  console.log(
    `roster-render: click Contacts tab → first contact row, Chromium ${browser.version()}, ` +
      `median of ${RUNS} runs (one warm-up run per size not counted)`,
  );
  table(
    setups.map(({ size, fixture }) => {
      const r = runs.get(size)!;
      const pick = (f: (run: Run) => number) => median(r.map(f));
      const paints = r.map((x) => x.toPaintMs);
      return {
        contacts: size,
        groups: fixture.groupCount,
        'roster.list over WS': `${ms(listCost.get(size)!.ms)} / ${(listCost.get(size)!.bytes / 1024).toFixed(0)} KB`,
        'click → row in DOM': ms(pick((x) => x.toDomMs)),
        'click → painted': ms(pick((x) => x.toPaintMs)),
        'painted min–max': `${Math.min(...paints).toFixed(0)}–${Math.max(...paints).toFixed(0)}`,
        'warm-up run painted': ms(warmup.get(size)!.toPaintMs),
        'rows in DOM': pick((x) => x.rows),
        'group headers in DOM': pick((x) => x.groups),
        'JS heap (after GC)': mb(pick((x) => x.heapBytes)),
        'DOM nodes': pick((x) => x.nodes),
        'filter: key → painted (median / max)': `${ms(pick((x) => x.keyMedianMs))} / ${ms(pick((x) => x.keyMaxMs))}`,
        'filter: last key → list painted': ms(pick((x) => x.lastKeyToListMs)),
      };
    }),
  );
  const big = runs.get(BIG)!;
  const bigPaint = median(big.map((x) => x.toPaintMs));
  const bigRows = Math.max(...big.map((x) => x.rows));
  console.log(
    `events received while settling (r${BIG}, first run): ${warmup.get(BIG)!.events}; ` +
      `filter typed: "${setups[0]!.fixture.target.filter}"`,
  );
  console.log(
    `${BIG.toLocaleString('en')} contacts: ${bigRows} rows in the DOM (${bigRows < 200 ? 'virtualised' : 'NOT virtualised'}); ` +
      `click → painted ${ms(bigPaint)} (target < ${TARGET_MS} ms): ${verdict(bigPaint < TARGET_MS)}`,
  );
} finally {
  await browser?.close();
  for (const setup of setups) {
    await setup.host.stop();
    rmSync(setup.profile, { recursive: true, force: true });
  }
}
process.exit(0);
