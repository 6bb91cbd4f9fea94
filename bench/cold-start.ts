/**
 * Cold start with a long history. Target: the conversation list is painted < 1 s after
 * navigation starts, with 100,000 stored messages. Baseline in the same run: the same profile
 * shape (200 contacts, 20 rooms, the same 220 conversations listed) with 220 messages, one each.
 *   pnpm build:web && pnpm tsx bench/cold-start.ts [runs]
 *
 * The profile (lib/history-fixture.ts): one account (disabled: it never connects, so the
 * figures are the store's, the backend's and the renderer's), a 200-contact roster, 20
 * bookmarked rooms, the messages over all 220 conversations by a Zipf-like split (60 % in
 * rooms), previews and a few unread counts, search index built.
 *
 * Each run, the sizes alternating: a fresh Chromium context (no cache) opens its window and the
 * bench waits until Chromium has finished starting that window's own UI (its top-chrome WebUI
 * renderer takes about a second of CPU on two cores; an Electron window has none, and timed
 * beside it the list painted ~400 ms later: lib/browser.ts settleBrowserUi); then it starts the
 * dev/test WebSocket host on the profile (a fresh process: opening the store, its schema check,
 * the backend; timed from spawn to its ready line, which includes tsx compiling the backend and
 * is reported, not judged), and the page loads. The page measures itself from navigation start
 * (lib/startup-timing.ts): first contentful paint, DOMContentLoaded, the first conversation row
 * in the DOM and painted, then it clicks the top conversation at once and times its first
 * message painted ("interactive"). The renderer's startup commands are timed on the page clock
 * from the socket frames (lib/browser.ts): sent → result received, to see what the start waits
 * for. One warm-up run per size is not counted. The JavaScript the page loaded before the list
 * was painted (Resource Timing: scripts whose fetch started before it) is set against all the
 * JavaScript of the build: the rest is chunks loaded when used or in idle time afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import {
  frames,
  heapAndNodes,
  installTiming,
  launchChromium,
  settleBrowserUi,
  type Frame,
} from './lib/browser.js';
import { mb, median, table } from './lib/figures.js';
import { buildHistory, type HistoryFixture } from './lib/history-fixture.js';
import { requireWebBuild, startHost, type BenchHost } from './lib/host.js';
import { rssOf } from './lib/memory.js';
import { size, smoke, verdict } from './lib/smoke.js';
import { installStartupTiming, startupTiming, type StartupTiming } from './lib/startup-timing.js';

const RUNS = smoke ? 1 : Math.max(5, Number(process.argv[2] ?? 11));
const TARGET_MS = 1_000;
const SHAPE = { contacts: size(200, 20), rooms: size(20, 3) };
/** The baseline: one message per conversation, the fewest that lists every conversation. */
const SIZES = [size(100_000, 2_000), SHAPE.contacts + SHAPE.rooms];

requireWebBuild();
setTimeout(() => {
  console.error('cold-start: watchdog (15 min) fired');
  process.exit(2);
}, 900_000).unref();

interface Profile {
  dir: string;
  key: Buffer;
  fixture: HistoryFixture;
  fileMb: number;
}

interface Run extends StartupTiming {
  hostStartMs: number;
  /** Waited for Chromium's new window to finish starting its own UI (lib/browser.ts). */
  settleMs: number;
  /** Startup command → sent-to-result ms (page clock), for the commands sent before the list. */
  commands: Map<string, number>;
  /** Page clock: the first command went out (the bundle ran and the socket opened). */
  firstCommand: number;
  heapBytes: number;
  hostRss: number;
  /** Script bytes and files whose fetch started before the list was painted. */
  initialJs: { bytes: number; files: number };
}

/** Every script of the built renderer: what a page without code splitting would load first. */
function builtJs(): { bytes: number; files: number } {
  const dir = resolve(import.meta.dirname, '../apps/desktop/dist-web/assets');
  const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
  return {
    bytes: files.reduce((sum, f) => sum + statSync(join(dir, f)).size, 0),
    files: files.length,
  };
}

async function scriptsBefore(
  page: Page,
  before: number,
): Promise<{ bytes: number; files: number }> {
  const scripts = (await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((e) => new URL(e.name).pathname.endsWith('.js'))
      .map((e) => ({
        start: e.startTime,
        bytes: (e as PerformanceResourceTiming).decodedBodySize,
      })),
  )) as Array<{ start: number; bytes: number }>;
  const early = scripts.filter((s) => s.start < before);
  return { bytes: early.reduce((sum, s) => sum + s.bytes, 0), files: early.length };
}

function commandTimes(seen: Frame[], before: number): Map<string, number> {
  const times = new Map<string, number>();
  for (const sent of seen) {
    if (sent.dir !== 'out' || sent.kind !== 'command' || !sent.name || sent.t > before) continue;
    const got = seen.find((f) => f.dir === 'in' && f.kind === 'result' && f.id === sent.id);
    // The slowest call of a name stands for it (roster.list is sent once per account).
    const ms = got ? got.t - sent.t : NaN;
    times.set(sent.name, Math.max(times.get(sent.name) ?? 0, ms));
  }
  return times;
}

async function measure(browser: Browser, profile: Profile): Promise<Run> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  let host: BenchHost | null = null;
  try {
    const page = await context.newPage();
    await installTiming(page);
    await installStartupTiming(page);
    const settleMs = await settleBrowserUi();
    // The host starts after the window has settled, so it is as fresh as before the window.
    const spawned = performance.now();
    host = await startHost({ profile: profile.dir, key: profile.key });
    const hostStartMs = performance.now() - spawned;
    await page.goto(host.url);
    const timing = await startupTiming(page, 30_000);
    const seen = await frames(page);
    const initialJs = await scriptsBefore(page, timing.listPainted);
    const { heapBytes } = await heapAndNodes(page);
    return {
      ...timing,
      hostStartMs,
      settleMs,
      commands: commandTimes(seen, timing.listPainted),
      firstCommand: seen.find((f) => f.dir === 'out')?.t ?? NaN,
      heapBytes,
      hostRss: rssOf(host.pid),
      initialJs,
    };
  } finally {
    await context.close();
    await host?.stop();
  }
}

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!;
}

const profiles: Profile[] = [];
let browser: Browser | null = null;
try {
  for (const messages of SIZES) {
    const dir = mkdtempSync(join(tmpdir(), `parley-bench-cold-${messages}-`));
    const key = randomBytes(32);
    const fixture = buildHistory({ profile: dir, key, messages, ...SHAPE });
    const fileMb = statSync(join(dir, 'parley.db')).size / 2 ** 20;
    profiles.push({ dir, key, fixture, fileMb });
  }

  browser = await launchChromium();
  const runs = new Map<number, Run[]>(SIZES.map((n) => [n, []]));
  // Sizes alternate run by run, so drift on a shared machine hits both alike. A smoke run
  // measures once per size and lets that run be the warm-up too (its figures are not read).
  for (let i = 0; i <= (smoke ? 0 : RUNS); i++) {
    for (const profile of profiles) {
      const run = await measure(browser, profile);
      const expected = `conversation-${profile.fixture.conversations[0]!.peer}`;
      if (run.clicked !== expected)
        throw new Error(`the top conversation was ${run.clicked}, not ${expected}`);
      if (i > 0 || smoke) runs.get(profile.fixture.messages)!.push(run);
    }
  }

  const ms = (n: number) => `${n.toFixed(1)} ms`;
  const kb = (bytes: number) => `${Math.round(bytes / 1024).toLocaleString('en')} KB`;
  const stat = (values: number[]) => `${ms(median(values))} / ${ms(p95(values))}`;
  console.log(
    `cold-start: ${SHAPE.contacts} contacts, ${SHAPE.rooms} rooms, ${profiles[0]!.fixture.conversations.length} ` +
      `conversations; Chromium ${browser.version()}; median / p95 of ${RUNS} runs per size ` +
      `(one warm-up run not counted); page clock from navigation start`,
  );
  table(
    profiles.map(({ fixture, fileMb }) => {
      const r = runs.get(fixture.messages)!;
      const pick = (f: (run: Run) => number) => r.map(f);
      return {
        messages: fixture.messages,
        'store MB': fileMb.toFixed(1),
        'fill s': (fixture.buildMs / 1000).toFixed(1),
        'window settled before (ms)': stat(pick((x) => x.settleMs)),
        'host start (spawn → ready)': stat(pick((x) => x.hostStartMs)),
        'first contentful paint': stat(pick((x) => x.fcp)),
        DOMContentLoaded: stat(pick((x) => x.domContentLoaded)),
        'first command sent': stat(pick((x) => x.firstCommand)),
        'list in DOM': stat(pick((x) => x.listInDom)),
        'list painted': stat(pick((x) => x.listPainted)),
        'click → message painted': stat(pick((x) => x.messagePainted - x.clickAt)),
        'interactive (message painted)': stat(pick((x) => x.messagePainted)),
        'rows in DOM': median(pick((x) => x.rows)),
        'JS heap (after GC)': mb(median(pick((x) => x.heapBytes))),
        'host RSS': mb(median(pick((x) => x.hostRss))),
        'JS before list painted': kb(median(pick((x) => x.initialJs.bytes))),
      };
    }),
  );
  console.log('startup commands before the list was painted: sent → result, median ms');
  const names = [
    ...new Set(
      profiles.flatMap((p) => runs.get(p.fixture.messages)!.flatMap((r) => [...r.commands.keys()])),
    ),
  ];
  table(
    names.map((name) => {
      const row: Record<string, string> = { command: name };
      for (const { fixture } of profiles) {
        const values = runs
          .get(fixture.messages)!
          .map((r) => r.commands.get(name))
          .filter((v): v is number => v !== undefined);
        row[`${fixture.messages} messages`] = values.length ? ms(median(values)) : '—';
      }
      return row;
    }),
  );
  const built = builtJs();
  const first = runs.get(SIZES[0]!)![0]!.initialJs;
  console.log(
    `JavaScript loaded before the list was painted: ${kb(first.bytes)} in ${first.files} files, of ` +
      `${kb(built.bytes)} in ${built.files} files built (the rest loads when used or when idle)`,
  );
  const big = runs.get(SIZES[0]!)!;
  const small = runs.get(SIZES[1]!)!;
  const bigList = median(big.map((x) => x.listPainted));
  console.log(
    `${SIZES[0]!.toLocaleString('en')} messages: list painted ${ms(bigList)} median, ` +
      `${ms(p95(big.map((x) => x.listPainted)))} p95 after navigation (baseline ${SIZES[1]} messages: ` +
      `${ms(median(small.map((x) => x.listPainted)))}); interactive ${ms(median(big.map((x) => x.messagePainted)))} ` +
      `(target: list < ${TARGET_MS} ms): ${verdict(bigList < TARGET_MS)}`,
  );
} finally {
  await browser?.close();
  for (const profile of profiles) rmSync(profile.dir, { recursive: true, force: true });
}
process.exit(0);
