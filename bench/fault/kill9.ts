/**
 * kill -9 of the backend process at random points of a receive burst. The receiving backend
 * (its own process, real encrypted store) is started; once its login sync is done a contact
 * sends a burst, and the backend is killed with SIGKILL at a random point of it (the rest
 * arrives while it is dead and comes with the next start's catch-up). After each kill the
 * store must open, pass PRAGMA integrity_check, hold no message twice and hold every message
 * the backend had reported stored (its message.added event follows the same commit that the
 * XEP-0198 ack to the server waits for). At the end, one more start must bring every message.
 *   smoke: 4 kills in bursts of 250; full: 20 kills in bursts of 300 (100 messages/s).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openStore } from '@parley/store';
import { startProsody } from '@parley/testkit';
import { openDatabase } from '../../packages/store/src/database.js';
import { login, subscribeBothWays } from '../../packages/backend/src/test-support/accounts.js';
import { startHarness, type Harness } from '../../packages/backend/src/test-support/harness.js';
import type { FaultScenario, FaultSize } from './scenario.js';
import { seed, seededRandom, sleep, waitUntil } from './lib/exchange.js';

const sizes = {
  smoke: { kills: 4, perBurst: 250, perSecond: 100 },
  full: { kills: 20, perBurst: 300, perSecond: 100 },
} as const;
const root = resolve(import.meta.dirname, '../..');

interface Child {
  stored: Set<string>;
  ready: Promise<boolean>;
  exited: Promise<void>;
  kill(signal: NodeJS.Signals): void;
}

function startChild(profile: string, key: Buffer, caPem: string): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/fault/lib/backend-child.ts'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      FAULT_CHILD: JSON.stringify({ profile, keyHex: key.toString('hex'), caPem }),
    },
  });
  const stored = new Set<string>();
  let buffer = '';
  let markReady: (ok: boolean) => void = () => {};
  const ready = new Promise<boolean>((done) => (markReady = done));
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (line === 'READY') markReady(true);
      else if (line.startsWith('STORED ')) stored.add(line.slice('STORED '.length));
    }
  });
  // Never leave a child behind; the listener goes with the child (20 kills would pile up 20).
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((done) =>
    child.once('exit', () => {
      process.off('exit', killOnExit);
      done();
    }),
  );
  void exited.then(() => markReady(false));
  return { stored, ready, exited, kill: (signal) => child.kill(signal) };
}

/** Opens the store as the next start would and checks it; returns what is wrong, if anything. */
function inspect(
  path: string,
  key: Buffer,
  accountId: string,
  peer: string,
  reported: Set<string>,
): { problems: string[]; bodies: Set<string> } {
  const problems: string[] = [];
  const db = openDatabase(path, key);
  const integrity = db.pragma('integrity_check', { simple: true });
  db.close();
  if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
  const store = openStore({ path, key });
  try {
    const rows = store.messages
      .page(accountId, peer, { beforeId: null, limit: 1_000_000 })
      .messages.filter((m) => m.direction === 'in');
    const bodies = new Set(rows.map((m) => m.body));
    if (bodies.size !== rows.length) problems.push(`${rows.length - bodies.size} duplicated`);
    const missing = [...reported].filter((b) => !bodies.has(b));
    if (missing.length) problems.push(`${missing.length} reported stored but missing`);
    return { problems, bodies };
  } finally {
    store.close();
  }
}

async function run(size: FaultSize) {
  const { kills, perBurst, perSecond } = sizes[size];
  const runSeed = seed();
  const random = seededRandom(runSeed);
  const server = await startProsody({
    smacksHibernationSeconds: 2,
    users: [
      { local: 'ann', password: 'ann-pw' },
      { local: 'bob', password: 'bob-pw' },
    ],
  });
  const profile = mkdtempSync(join(tmpdir(), 'parley-kill9-'));
  const dbPath = join(profile, 'parley.db');
  const key = randomBytes(32);
  const opened: Harness[] = [];
  try {
    // Set up in this process (account, mutual subscription), then hand the profile over.
    const ann = await login(
      server,
      opened,
      'ann',
      startHarness({ caPem: server.caPem, dir: profile, key }),
    );
    opened.push(ann.h);
    const bob = await login(server, opened, 'bob');
    await subscribeBothWays(ann, bob);
    await ann.h.close();

    let sent = 0;
    const send = async (count: number) => {
      const started = Date.now();
      for (let i = 0; i < count; i++) {
        const due = started + (i * 1000) / perSecond;
        if (due > Date.now()) await sleep(due - Date.now());
        await bob.h.call('messages.send', {
          accountId: bob.account.id,
          peer: ann.account.jid,
          body: `burst ${sent++}`,
        });
      }
    };

    const reported = new Set<string>();
    const problems: string[] = [];
    let killed = 0;
    for (let k = 0; k < kills; k++) {
      const child = startChild(profile, key, server.caPem);
      const ready = await Promise.race([child.ready, sleep(60_000).then(() => false)]);
      if (!ready) problems.push(`start ${k + 1}: no login sync within 60 s`);
      // A burst while it runs, killed at a random point of it; the rest of the burst arrives
      // while it is dead and comes with the next start's catch-up.
      const burst = send(perBurst);
      await sleep(Math.floor((random() * perBurst * 1000) / perSecond));
      child.kill('SIGKILL');
      await child.exited;
      killed++;
      for (const body of child.stored) reported.add(body);
      const found = inspect(dbPath, key, ann.account.id, bob.account.jid, reported);
      problems.push(...found.problems.map((p) => `after kill ${k + 1}: ${p}`));
      await burst;
    }

    // One more start, left alone: the archive catch-up must bring whatever is missing.
    const last = startChild(profile, key, server.caPem);
    const expected = Array.from({ length: sent }, (_, i) => `burst ${i}`);
    let have = inspect(dbPath, key, ann.account.id, bob.account.jid, reported).bodies;
    const complete = await waitUntil(
      () => expected.every((b) => have.has(b) || last.stored.has(b)),
      120_000,
    );
    last.kill('SIGTERM');
    await last.exited;
    const final = inspect(dbPath, key, ann.account.id, bob.account.jid, reported);
    have = final.bodies;
    problems.push(...final.problems.map((p) => `at the end: ${p}`));
    const lost = expected.filter((b) => !have.has(b)).length;
    if (!complete || lost) problems.push(`${lost} of ${sent} missing at the end`);
    const ok = problems.length === 0;
    const summary =
      `${killed} kills, each at a random point of a ${perBurst}-message burst (${perSecond}/s; ` +
      `${sent} in all): store opened and ` +
      `integrity ok ${problems.some((p) => p.includes('integrity')) ? 'NOT always' : 'every time'}, ` +
      `${reported.size} reported stored all kept, ${lost} lost at the end, ` +
      `${problems.filter((p) => p.includes('duplicated')).length} dup; seed ${runSeed}` +
      (ok ? '' : `; problems: ${problems.slice(0, 3).join('; ')}`);
    return { ok, summary };
  } finally {
    await Promise.all(opened.map((h) => h.close(true)));
    rmSync(profile, { recursive: true, force: true });
    await server.stop();
  }
}

const scenario: FaultScenario = { name: 'kill9', run };
export default scenario;
