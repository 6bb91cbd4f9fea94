/**
 * Call set-up on loopback: from the caller's click on "Call" (the XEP-0353 propose) to the
 * first audio packets arriving at the caller from the callee. Median of RUNS calls.
 *   pnpm build:web && pnpm tsx bench/call-setup.ts [runs]
 *
 * Set-up: a throwaway Prosody with alice and bob, subscribed both ways (rosters seeded into
 * Prosody's storage and into each Parley profile); one dev/test host per person; Debian Chromium
 * with fake media devices. Bob's page answers by itself the moment the incoming-call dialog
 * appears (a MutationObserver clicking Answer in the page, so no test-driver latency is in the
 * figure). Alice's page times, on its own clock, from the click event to the first inbound-rtp
 * audio packet in getStats() (polled every 10 ms): the ring (JMI propose → proceed), the
 * renderer's offer, Jingle session-initiate/accept through the server, trickled candidates,
 * ICE and DTLS. Each call is then hung up and the next starts once both sides show no call.
 * Media is relayed through a coturn on 127.0.0.1 (both sides set "relay calls through the
 * server", credentials from the server by XEP-0215), so it stays on loopback; a direct path
 * would take the machine's other interfaces.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { openStore } from '@parley/store';
import { startCoturn } from '@parley/testkit';
import { chromiumArgs, chromiumPath } from '../e2e/chromium.js';
import { median, table } from './lib/figures.js';
import { requireWebBuild, startHost, type BenchHost } from './lib/host.js';
import { writeProsodyRoster } from './lib/roster-fixture.js';
import { size, smoke, verdict } from './lib/smoke.js';
import { withServer, type BenchServer } from './lib/with-server.js';
import { insertBenchAccount } from './lib/bench-account.js';

const RUNS = Math.max(1, Number(process.argv[2] ?? size(10, 1)));
/** Conversations and Dino connect a call on a LAN in about a second; Parley should too. */
const TARGET_MS = 1_500;
const USERS = ['alice', 'bob'] as const;

requireWebBuild();
setTimeout(() => {
  console.error('call-setup: watchdog (10 min) fired');
  process.exit(2);
}, 600_000).unref();

// In the parent only (the child gets the server from it): the TURN server Prosody points to.
const turn = process.env['BENCH_SERVER'] ? null : await startCoturn();
const srv: BenchServer = await withServer({
  users: USERS.map((local) => ({ local, password: 'pw' })),
  ...(turn ? { turn: { secret: turn.secret, host: turn.host, port: turn.port } } : {}),
});
const jidOf = (local: string) => `${local}@${srv.domain}`;

/** A profile whose store holds the account and the other person as a mutual contact. */
function prepare(local: string, other: string): { profile: string; key: Buffer } {
  const contact = { jid: jidOf(other), name: other, groups: [], subscription: 'both' as const };
  writeProsodyRoster(srv.dir, srv.domain, local, [{ ...contact, askSubscribe: false }], 1);
  const profile = mkdtempSync(join(tmpdir(), `parley-bench-call-${local}-`));
  const key = randomBytes(32);
  const store = openStore({ path: join(profile, 'parley.db'), key });
  const accountId = randomUUID();
  insertBenchAccount(store, {
    id: accountId,
    jid: jidOf(local),
    host: srv.host,
    port: srv.c2sPort,
  });
  store.contacts.replaceAll(accountId, [{ ...contact, askSubscribe: false }], '1');
  store.settings.set('callsRelayOnly', null, true);
  store.close();
  return { profile, key };
}

/** In bob's page: answer every incoming call as soon as its dialog is in the DOM. */
function autoAnswer(): void {
  new MutationObserver(() => {
    const answer = document.querySelector<HTMLButtonElement>('[data-testid="call-answer"]');
    if (answer && !answer.disabled) answer.click();
  }).observe(document, { childList: true, subtree: true });
}

/** In alice's page: every RTCPeerConnection kept, and a timer armed by the call button. */
function recordSetup(): void {
  const pcs: RTCPeerConnection[] = [];
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(config?: RTCConfiguration) {
      super(config);
      pcs.push(this);
    }
  };
  const w = window as unknown as { setupMs: Promise<number> | null };
  w.setupMs = null;
  document.addEventListener(
    'click',
    (event) => {
      if (!(event.target as Element).closest('[data-testid="call-audio"]')) return;
      const clicked = event.timeStamp;
      const known = pcs.length;
      w.setupMs = new Promise((resolve, reject) => {
        const deadline = performance.now() + 20_000;
        const poll = async (): Promise<void> => {
          const pc = pcs[known];
          let packets = 0;
          type Stat = { id: string; type: string } & Record<string, unknown>;
          const stats = new Map<string, Stat>();
          if (pc) (await pc.getStats()).forEach((s: Stat) => stats.set(s.id, s));
          for (const s of stats.values()) {
            if (s.type === 'inbound-rtp') packets += Number(s['packetsReceived'] ?? 0);
            // The path the media took: the selected pair's local candidate type ('relay' here).
            if (s.type !== 'transport') continue;
            const pair = stats.get(String(s['selectedCandidatePairId']));
            const local = pair && stats.get(String(pair['localCandidateId']));
            if (local) (window as unknown as { path: unknown }).path = local['candidateType'];
          }
          if (packets > 0) resolve(performance.now() - clicked);
          else if (performance.now() > deadline) reject(new Error('no media within 20 s'));
          else setTimeout(() => void poll(), 10);
        };
        void poll();
      });
    },
    true,
  );
}

async function open(browser: Browser, host: BenchHost, script: () => void): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 780 } });
  // tsx names functions with esbuild's __name helper, which the page does not have.
  await context.addInitScript({ content: `var __name = (f) => f;\n(${script.toString()})();` });
  const page = await context.newPage();
  await page.goto(host.url);
  await page
    .locator('[data-testid="account-state"][data-state="online"]')
    .waitFor({ timeout: 30_000 });
  return page;
}

const profiles = [prepare('alice', 'bob'), prepare('bob', 'alice')];
const hosts: BenchHost[] = [];
let browser: Browser | null = null;
const times: number[] = [];
try {
  for (const p of profiles) hosts.push(await startHost({ ...p, caPem: srv.caPem }));
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [...chromiumArgs, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  });
  const alice = await open(browser, hosts[0]!, recordSetup);
  const bob = await open(browser, hosts[1]!, autoAnswer);
  await alice.getByTestId('tab-contacts').click();
  await alice.getByTestId(`contact-${jidOf('bob')}`).click();
  const panel = (page: Page) => page.locator('[data-testid="call-panel"]');
  for (let run = 0; run < RUNS; run++) {
    await alice.getByTestId('call-audio').click();
    try {
      times.push(
        await alice.evaluate(() => (window as unknown as { setupMs: Promise<number> }).setupMs),
      );
    } catch (error) {
      const state = async (page: Page) =>
        `${await panel(page)
          .getAttribute('data-state', { timeout: 1000 })
          .catch(() => 'none')}` +
        ` (incoming dialog: ${await page.locator('[data-testid="incoming-call"]').count()})`;
      throw new Error(`run ${run + 1}: alice ${await state(alice)}, bob ${await state(bob)}`, {
        cause: error,
      });
    }
    const path = await alice.evaluate(() => (window as unknown as { path?: string }).path);
    if (path !== 'relay')
      throw new Error(`run ${run + 1}: media took a ${path} path, not the relay`);
    await alice.getByTestId('call-hangup').click();
    await panel(alice).waitFor({ state: 'hidden', timeout: 10_000 });
    await panel(bob).waitFor({ state: 'hidden', timeout: 10_000 });
  }
} finally {
  await browser?.close();
  await Promise.all(hosts.map((h) => h.stop()));
  for (const p of profiles) rmSync(p.profile, { recursive: true, force: true });
}

const med = median(times);
table([
  {
    what: 'click on Call → first audio packet at the caller',
    runs: RUNS,
    'median ms': Math.round(med),
    'min ms': Math.round(Math.min(...times)),
    'max ms': Math.round(Math.max(...times)),
  },
]);
console.log(
  `call-setup: median ${Math.round(med)} ms (target < ${TARGET_MS} ms): ${verdict(med < TARGET_MS)}`,
);
if (smoke && times.length !== RUNS) process.exit(1);
