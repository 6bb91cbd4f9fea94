/**
 * The store's disk is full for a while, then has space again. The real encrypted store gets a
 * real SQLITE_FULL from `PRAGMA max_page_count` (capped at its current size), which works the
 * same on any machine, root or not. A contact keeps sending all along. Passes when the
 * reconnects during the outage stay bounded (no reconnect storm: each failed store write drops
 * the link, and the backoff must keep growing) and afterwards every message is stored, once.
 *   smoke: full for 5 s; full: for 60 s.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProsody } from '@parley/testkit';
import { createBackend } from '../../packages/backend/src/backend.js';
import { login, subscribeBothWays } from '../../packages/backend/src/test-support/accounts.js';
import { startHarness, type Harness } from '../../packages/backend/src/test-support/harness.js';
import { openDatabase } from '../../packages/store/src/database.js';
import { createStore } from '../../packages/store/src/store.js';
import type { FaultScenario, FaultSize } from './scenario.js';
import { sleep, waitUntil } from './lib/exchange.js';

const sizes = {
  smoke: { fullMs: 5_000, perSecond: 10, settleMs: 60_000 },
  full: { fullMs: 60_000, perSecond: 10, settleMs: 300_000 },
} as const;

/**
 * Reconnect attempts a growing backoff allows in `ms` (production policy: 1 s, ×1.5, with up
 * to 25 % jitter taken off), plus two for the drop that starts it and the one that ends it.
 */
function reconnectBound(ms: number): number {
  let attempts = 0;
  for (let waited = 0, delay = 750; waited < ms; delay *= 1.5) {
    waited += delay;
    attempts++;
  }
  return attempts + 2;
}

async function run(size: FaultSize) {
  const { fullMs, perSecond, settleMs } = {
    ...sizes[size],
    // For investigating a failure at an in-between size.
    ...(process.env['FAULT_FULL_MS'] ? { fullMs: Number(process.env['FAULT_FULL_MS']) } : {}),
  };
  const server = await startProsody({
    ...(process.env['FAULT_DEBUG'] ? { logLevel: 'debug' as const } : {}),
    users: [
      { local: 'ann', password: 'ann-pw' },
      { local: 'bob', password: 'bob-pw' },
    ],
  });
  const profile = mkdtempSync(join(tmpdir(), 'parley-disk-full-'));
  const key = randomBytes(32);
  const opened: Harness[] = [];
  let stop: () => Promise<void> = async () => {};
  try {
    // Account and mutual subscription set up first; then the store is reopened with a handle
    // on its connection, through which the disk "fills".
    const setup = startHarness({ caPem: server.caPem, dir: profile, key });
    const annSetup = await login(server, opened, 'ann', setup);
    const bob = await login(server, opened, 'bob');
    await subscribeBothWays(annSetup, bob);
    await setup.close();

    const path = join(profile, 'parley.db');
    const db = openDatabase(path, key);
    const store = createStore(db, path);
    // The production reconnect policy: what is measured is its behaviour.
    const backend = createBackend({
      store,
      trustedCaPem: server.caPem,
      downloadDir: join(profile, 'Downloads'),
      allowLoopbackHttp: true,
      validateEvents: false,
    });
    stop = async () => {
      await backend.stop();
      store.close();
    };
    let reconnects = 0;
    let counting = false;
    let synced = false;
    backend.onEvent((name, payload) => {
      const p = payload as { state?: string; done?: boolean; error?: unknown };
      // One attempt each: a drop announces 'connecting' with its error and the delay before
      // the retry; the attempt itself then announces 'connecting' with no error.
      const attempt = name === 'account.changed' && p.state === 'connecting' && !p.error;
      if (attempt && counting) reconnects++;
      if (process.env['FAULT_DEBUG'] && name === 'account.changed')
        console.error(new Date().toISOString(), JSON.stringify(payload).slice(0, 300));
      if (name === 'history.progress' && p.done) synced = true;
    });
    await backend.start();
    if (!(await waitUntil(() => synced, 30_000))) throw new Error('ann never came online');
    const accountId = annSetup.account.id;

    let sent = 0;
    let sending = true;
    const sender = (async () => {
      const started = Date.now();
      while (sending) {
        const due = started + (sent * 1000) / perSecond;
        if (due > Date.now()) await sleep(due - Date.now());
        await bob.h.call('messages.send', {
          accountId: bob.account.id,
          peer: annSetup.account.jid,
          body: `during ${sent}`,
        });
        sent++;
      }
    })();

    // Full: the file may not grow by a page any more.
    store.checkpoint();
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`);
    counting = true;
    await sleep(fullMs);
    counting = false;
    db.pragma('max_page_count = 1073741823');
    const spaceAt = Date.now();
    const duringOutage = reconnects;
    await sleep(2_000);
    sending = false;
    await sender;

    const expected = Array.from({ length: sent }, (_, i) => `during ${i}`);
    const bodies = () =>
      store.messages
        .page(accountId, bob.account.jid, { beforeId: null, limit: 1_000_000 })
        .messages.filter((m) => m.direction === 'in')
        .map((m) => m.body);
    const complete = await waitUntil(() => {
      const have = new Set(bodies());
      return expected.every((b) => have.has(b));
    }, settleMs);
    const recoveredS = ((Date.now() - spaceAt) / 1000).toFixed(0);
    const all = bodies();
    const have = new Set(all);
    const lost = expected.filter((b) => !have.has(b)).length;
    const duplicated = all.length - have.size;
    const bound = reconnectBound(fullMs);
    const ok = complete && lost === 0 && duplicated === 0 && duringOutage <= bound;
    const summary =
      `disk full ${fullMs / 1000} s with ${sent} messages arriving: ${duringOutage} reconnects ` +
      `during it (bound ${bound}), ${lost} lost, ${duplicated} dup, ` +
      `${complete ? `all stored ${recoveredS} s after space returned` : 'NOT all stored'}`;
    return { ok, summary };
  } finally {
    await stop().catch(() => {});
    await Promise.all(opened.map((h) => h.close(true)));
    rmSync(profile, { recursive: true, force: true });
    if (process.env['FAULT_DEBUG']) copyFileSync(server.logPath, '/tmp/fault-prosody.log');
    await server.stop();
  }
}

const scenario: FaultScenario = { name: 'disk-full', run };
export default scenario;
