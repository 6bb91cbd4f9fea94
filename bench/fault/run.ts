/**
 * The fault harness: runs each scenario in its own process and prints one summary line per
 * scenario with its figures (docs/reliability.md explains them).
 *   pnpm fault [name ...] [--full]
 * - without --full every scenario runs at its small (smoke) size, as `pnpm test` does;
 * - exit status is non-zero when a scenario fails, crashes or times out.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { scenarioNames } from './scenarios.js';

const root = resolve(import.meta.dirname, '../..');
const args = process.argv.slice(2);
const full = args.includes('--full');
const unknownFlag = args.find((a) => a.startsWith('--') && a !== '--full');
const names = args.filter((a) => !a.startsWith('--'));
const unknownName = names.find((n) => !scenarioNames.includes(n));
if (unknownFlag || unknownName) {
  console.error(
    `unknown ${unknownFlag ? `option ${unknownFlag}` : `scenario ${unknownName}`}; ` +
      `scenarios: ${scenarioNames.join(', ')}`,
  );
  process.exit(2);
}
const selected = names.length ? scenarioNames.filter((n) => names.includes(n)) : scenarioNames;
const timeoutMs = (full ? 60 : 5) * 60_000;

interface Line {
  name: string;
  ok: boolean;
  text: string;
}

function runOne(name: string): Promise<Line> {
  const started = Date.now();
  console.log(`\n=== fault ${name} (${full ? 'full' : 'smoke'})`);
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'bench/fault/child.ts', name, full ? 'full' : 'smoke'],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], detached: true },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      out += chunk.toString();
    });
    const timer = setTimeout(() => {
      try {
        process.kill(-(child.pid ?? 0), 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      const result = /^FAULT-RESULT (ok|failed) (.*)$/m.exec(out);
      if (!result || code !== 0) {
        const why = signal ? `killed (${signal})` : `exit ${code}`;
        done({ name, ok: false, text: `crashed: ${why} after ${seconds} s` });
        return;
      }
      done({ name, ok: result[1] === 'ok', text: `${result[2]} (${seconds} s)` });
    });
  });
}

const lines: Line[] = [];
for (const name of selected) lines.push(await runOne(name));
console.log('\n=== fault summary');
for (const l of lines) console.log(`${l.ok ? 'PASS' : 'FAIL'} ${l.name}: ${l.text}`);
process.exit(lines.every((l) => l.ok) ? 0 : 1);
