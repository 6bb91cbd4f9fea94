/**
 * Runs every benchmark in sequence, each in its own process, streaming its output, then prints
 * a summary with each bench's PASS/FAIL lines. Figures go to docs/benchmarks.md by hand.
 *   pnpm bench [name ...] [--strict] [--no-build] [--smoke]
 * - names (e.g. `roster-render`) pick a subset, in the order of BENCHES;
 * - the renderer is rebuilt first (`pnpm build:web`) so the browser benches measure the current
 *   source; `--no-build` skips that;
 * - `--smoke` (run by `pnpm test`): every bench at a tiny size (BENCH_SMOKE=1, see
 *   lib/smoke.ts), no target judged, a short timeout each: it catches a bench that no longer
 *   runs, not a slower Parley;
 * - exit status is non-zero when a bench exits non-zero or times out; with `--strict`, also when
 *   a bench reports a missed target (a line with FAIL).
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { hostCliSource } from '@parley/backend';
import { bundleNodeEntry } from '@parley/testkit';

const root = resolve(import.meta.dirname, '..');

interface Bench {
  name: string;
  args: string[];
  browser: boolean;
}

const BENCHES: Bench[] = [
  { name: 'store-page', args: [], browser: false },
  { name: 'receive-throughput', args: ['10000'], browser: false },
  { name: 'mam-catchup', args: ['10000', '250'], browser: false },
  { name: 'open-conversation', args: [], browser: true },
  { name: 'roster-render', args: [], browser: true },
  { name: 'room-receive', args: ['10000'], browser: false },
  { name: 'room-join', args: [], browser: true },
  { name: 'file-transfer', args: ['200', '2', '3'], browser: false },
  { name: 'direct-transfer', args: [], browser: false },
  { name: 'search', args: ['1000000'], browser: false },
  { name: 'omemo-crypto', args: ['10000', '20'], browser: false },
  { name: 'omemo-catchup', args: ['10000', '250', '2'], browser: false },
  { name: 'omemo-frames', args: ['10000'], browser: true },
  { name: 'cold-start', args: [], browser: true },
  { name: 'soak', args: [], browser: true },
  { name: 'call-setup', args: ['10'], browser: true },
];
const FLAGS = ['--strict', '--no-build', '--smoke'];

// A bench left out of the list would never run, not even in the smoke run of `pnpm test`.
const unlisted = readdirSync(resolve(root, 'bench'))
  .filter((f) => f.endsWith('.ts') && f !== 'run-all.ts')
  .map((f) => f.slice(0, -'.ts'.length))
  .filter((name) => !BENCHES.some((b) => b.name === name));
if (unlisted.length) {
  console.error(`bench/run-all.ts: add ${unlisted.join(', ')} to BENCHES`);
  process.exit(2);
}

const flags = process.argv.slice(2).filter((a) => a.startsWith('--'));
const names = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const unknownFlag = flags.find((f) => !FLAGS.includes(f));
const unknownName = names.find((n) => !BENCHES.some((b) => b.name === n));
if (unknownFlag || unknownName) {
  console.error(
    `unknown ${unknownFlag ? `option ${unknownFlag}` : `bench ${unknownName}`}; ` +
      `benches: ${BENCHES.map((b) => b.name).join(', ')}`,
  );
  process.exit(2);
}
const strict = flags.includes('--strict');
const smoke = flags.includes('--smoke');
if (smoke && strict) {
  console.error('--smoke judges no target: it cannot be --strict');
  process.exit(2);
}
// A smoke bench takes seconds; one that needs minutes is stuck.
const TIMEOUT_MS = (smoke ? 2 : 15) * 60_000;
const selected = names.length ? BENCHES.filter((b) => names.includes(b.name)) : BENCHES;

interface Outcome {
  bench: string;
  status: string;
  seconds: string;
  verdicts: string;
}

/**
 * Smoke runs go two at a time: they judge nothing, and most of each is starting Prosody, hosts
 * and Chromium (one after another they took 3 of CI's 30 minutes). Measured runs go alone.
 */
const CONCURRENCY = smoke ? 2 : 1;

const running = new Set<ReturnType<typeof spawn>>();
const stop = (child: ReturnType<typeof spawn>, signal: NodeJS.Signals) => {
  // The bench runs in its own process group (it has Prosody, hosts, Chromium below it).
  if (!child.pid) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const child of running) stop(child, 'SIGTERM');
    setTimeout(() => process.exit(130), 2_000).unref();
  });
}

function runBench(bench: Bench): Promise<Outcome> {
  const started = Date.now();
  // A smoke run passes no size: each bench's defaults under BENCH_SMOKE are its tiny sizes.
  const args = smoke ? [] : bench.args;
  const title = `\n=== ${bench.name} ${args.join(' ')}${smoke ? ' (smoke)' : ''}`.trimEnd();
  // Alone, a bench's output streams; side by side, each is printed whole when it ends.
  const alone = CONCURRENCY === 1;
  const held: Buffer[] = [];
  if (alone) console.log(title);
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `bench/${bench.name}.ts`, ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', alone ? 'inherit' : 'pipe'],
      detached: true,
      env: smoke ? { ...process.env, BENCH_SMOKE: '1' } : process.env,
    });
    running.add(child);
    child.stderr?.on('data', (chunk: Buffer) => held.push(chunk));
    const verdicts: string[] = [];
    let partial = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      if (alone) process.stdout.write(chunk);
      else held.push(chunk);
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      verdicts.push(...lines.filter((l) => /\b(PASS|FAIL)\b/.test(l)));
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      stop(child, 'SIGTERM');
      setTimeout(() => stop(child, 'SIGKILL'), 10_000).unref();
    }, TIMEOUT_MS);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      if (!alone) {
        console.log(title);
        process.stdout.write(Buffer.concat(held));
      }
      if (/\b(PASS|FAIL)\b/.test(partial)) verdicts.push(partial);
      done({
        bench: bench.name,
        status: timedOut ? 'timed out' : signal ? `killed (${signal})` : `exit ${code}`,
        seconds: ((Date.now() - started) / 1000).toFixed(0),
        verdicts: verdicts.map((v) => (/\bFAIL\b/.test(v) ? 'FAIL' : 'PASS')).join(' ') || '—',
      });
    });
  });
}

if (!flags.includes('--no-build') && selected.some((b) => b.browser)) {
  console.log('=== pnpm build:web');
  const build = spawnSync('pnpm', ['build:web'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('build:web failed');
    process.exit(1);
  }
}

// A smoke run's hosts start from one bundle built here (under half the start time of tsx
// compiling the host each time); measured runs keep the hosts as they always started.
if (smoke && selected.some((b) => b.browser)) {
  const bundle = resolve(root, 'node_modules/.cache/parley-bench/host.mjs');
  process.env['PARLEY_HOST_ENTRY'] = await bundleNodeEntry(hostCliSource, bundle);
}

const outcomes: Outcome[] = [];
const queue = [...selected];
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    for (let bench = queue.shift(); bench; bench = queue.shift()) {
      outcomes.push(await runBench(bench));
    }
  }),
);
// The summary keeps the list's order, whichever finished first.
outcomes.sort(
  (a, b) =>
    BENCHES.findIndex((x) => x.name === a.bench) - BENCHES.findIndex((x) => x.name === b.bench),
);

console.log('\n=== summary');
console.table(outcomes);
const crashed = outcomes.some((o) => o.status !== 'exit 0');
const missed = outcomes.some((o) => o.verdicts.includes('FAIL'));
if (missed) console.log(`a target was missed${strict ? '' : ' (not an error without --strict)'}`);
process.exit(crashed || (strict && missed) ? 1 : 0);
