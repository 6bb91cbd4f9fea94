import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { openStore } from '@parley/store';
import { heapAndNodes, installTiming, launchChromium, timeClick } from './browser.js';
import { requireWebBuild, startHost } from './host.js';
import { rssOf } from './memory.js';
import { median } from './figures.js';
import type { BenchServer } from './with-server.js';
import { connectWs, type WsClient } from './ws-client.js';
import { insertBenchAccount } from './bench-account.js';

/** The renderer's test ids this part relies on (apps/desktop/src/renderer/features/rooms). */
const TOGGLE = '[data-testid="room-occupants-toggle"]';
const LIST = '[data-testid="occupant-list"]';
const GROUP = '[data-testid^="occupant-group-"]';

export interface UiRun {
  /** Click on the room's conversation → first occupant row painted (incl. the toggle click
   * when the list is not shown on opening; then it is the sum of both clicks' times). */
  toRowsMs: number;
  rows: number;
  groups: string[];
  heapGrowth: number;
  nodes: number;
}

export interface UiResult {
  runs: UiRun[];
  shownOnOpen: boolean;
  hostRssGrowth: number;
  chromium: string;
}

/**
 * The real renderer in Chromium against the dev/test host: the host's backend joins the room
 * (`rooms.join` over its WebSocket, from Node), then each run is a fresh page that opens the
 * room and shows its occupant list; one warm-up run first. Returns a reason instead when the
 * renderer or its test ids are not there (yet).
 */
export async function measureRoomUi(options: {
  server: BenchServer;
  local: string;
  room: string;
  occupants: number;
  rowPrefix: string;
  runs: number;
}): Promise<UiResult | string> {
  try {
    requireWebBuild();
  } catch (err) {
    return (err as Error).message;
  }
  const { server, local, room, occupants } = options;
  const row = `${LIST} [data-testid^="occupant-${options.rowPrefix}"]`;
  const entry = `[data-testid="conversation-${room}"]`;
  const profile = mkdtempSync(join(tmpdir(), 'parley-bench-room-'));
  const key = randomBytes(32);
  const accountId = randomUUID();
  const store = openStore({ path: join(profile, 'parley.db'), key });
  insertBenchAccount(store, {
    id: accountId,
    jid: `${local}@${server.domain}`,
    host: server.host,
    port: server.c2sPort,
  });
  store.close();
  const host = await startHost({ profile, key, caPem: server.caPem });
  let ws: WsClient | null = null;
  let browser: Browser | null = null;
  try {
    ws = await connectWs(host.url);
    await until('the host account online', 30_000, async () => {
      const { result } = await ws!.call('accounts.list', {});
      const list = result.ok ? (result.value as Array<{ id: string; state: string }>) : [];
      return list.some((a) => a.id === accountId && a.state === 'online');
    });
    const rssBefore = rssOf(host.pid);
    const joined = await ws.call(
      'rooms.join',
      { accountId, room, nick: local, password: null },
      60_000,
    );
    if (!joined.result.ok) return `rooms.join on the host failed: ${JSON.stringify(joined.result)}`;
    await until(`${occupants + 1} occupants on the host`, 60_000, async () => {
      const { result } = await ws!.call('rooms.occupants', { accountId, room });
      return result.ok && (result.value as unknown[]).length >= occupants + 1;
    });
    const hostRssGrowth = rssOf(host.pid) - rssBefore;

    browser = await launchChromium();
    let shownOnOpen = false;
    const runs: UiRun[] = [];
    for (let i = 0; i <= options.runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      try {
        const page = await context.newPage();
        await installTiming(page);
        await page.goto(host.url);
        await page
          .locator('[data-testid="account-state"][data-state="online"]')
          .waitFor({ timeout: 30_000 });
        if (!(await appears(page, entry, 15_000))) return `no ${entry} in the conversation list`;
        await page.waitForTimeout(500); // let the start-up commands settle
        const before = await heapAndNodes(page);
        let toRowsMs: number;
        if (i === 0) {
          // Warm-up: learn whether opening the room shows the list, or the toggle must be clicked.
          await page.click(entry);
          if (!(await appears(page, TOGGLE, 10_000))) return `no ${TOGGLE} in the room header`;
          shownOnOpen = (await page.getAttribute(TOGGLE, 'aria-pressed')) === 'true';
          if (!shownOnOpen) await page.click(TOGGLE);
          if (!(await appears(page, row, 20_000))) return `no occupant rows (${row}) appeared`;
          continue;
        }
        if (shownOnOpen) toRowsMs = (await timeClick(page, entry, row)).toPaintMs;
        else {
          const header = await timeClick(page, entry, TOGGLE);
          toRowsMs = header.toPaintMs + (await timeClick(page, TOGGLE, row)).toPaintMs;
        }
        await page.waitForTimeout(500);
        const [rows, groups] = (await page.evaluate(
          `[document.querySelectorAll(${JSON.stringify(row)}).length,
            [...document.querySelectorAll(${JSON.stringify(GROUP)})].map((g) => g.dataset.testid)]`,
        )) as [number, string[]];
        const after = await heapAndNodes(page);
        runs.push({
          toRowsMs,
          rows,
          groups,
          heapGrowth: after.heapBytes - before.heapBytes,
          nodes: after.nodes,
        });
      } finally {
        await context.close();
      }
    }
    return { runs, shownOnOpen, hostRssGrowth, chromium: browser.version() };
  } finally {
    await browser?.close();
    ws?.close();
    await host.stop();
    rmSync(profile, { recursive: true, force: true });
  }
}

export function uiSummary(result: UiResult): Record<string, string | number> {
  const pick = (f: (r: UiRun) => number): number => median(result.runs.map(f));
  return {
    'open room → occupant rows painted (median)': `${pick((r) => r.toRowsMs).toFixed(1)} ms`,
    'min–max': `${Math.min(...result.runs.map((r) => r.toRowsMs)).toFixed(0)}–${Math.max(...result.runs.map((r) => r.toRowsMs)).toFixed(0)} ms`,
    'list shown on opening': result.shownOnOpen ? 'yes' : 'no (toggle clicked)',
    'occupant rows in DOM': pick((r) => r.rows),
    'group headers seen': [...new Set(result.runs.flatMap((r) => r.groups))].join(', ') || 'none',
    'JS heap growth (after GC)': `${(pick((r) => r.heapGrowth) / 1024 / 1024).toFixed(1)} MB`,
    'DOM nodes': pick((r) => r.nodes),
    'host RSS growth on join': `${(result.hostRssGrowth / 1024 / 1024).toFixed(1)} MB`,
  };
}

async function appears(page: Page, selector: string, timeoutMs: number): Promise<boolean> {
  return page
    .locator(selector)
    .first()
    .waitFor({ timeout: timeoutMs })
    .then(
      () => true,
      () => false,
    );
}

async function until(
  what: string,
  timeoutMs: number,
  check: () => Promise<boolean>,
): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
