import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { canConnect } from './ports.js';
import { xmppProbe } from './probe.js';
import { track, untrack } from './registry.js';

export const PROSODY = '/usr/bin/prosody';
const SETPRIV = '/usr/bin/setpriv';

/** Prosody could not bind one of its ports: the caller picks new ports and tries again. */
export class PortInUseError extends Error {}

export async function logTail(logPath: string, lines = 40): Promise<string> {
  try {
    const text = await readFile(logPath, 'utf8');
    return text
      .split('\n')
      .slice(-lines - 1)
      .join('\n')
      .trim();
  } catch {
    return '(no log file)';
  }
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Resolve true when the child exits within `ms`, false otherwise. */
export function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, ms);
    const onExit = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

export interface LaunchInput {
  dir: string;
  configPath: string;
  logPath: string;
  domain: string;
  c2sPort: number;
  directTlsPort: number;
  httpPort: number;
  componentPort: number;
  readyTimeoutMs: number;
}

/**
 * The lines of Prosody's start-up notice that lua-unbound is missing (it falls back to its own
 * DNS resolver): a test server resolves nothing, only loopback addresses, and the notice,
 * printed by every server a run starts, buried the lines that explain a failure.
 */
const DNS_NOTICE =
  /^(\s*|\*+|Prosody was unable to find lua-unbound|This package can be obtained.*|\s*(Debian\/Ubuntu|luarocks|Source) \|.*|Old DNS resolver library will be used|More help can be found on our website.*depends)$/u;

export function withoutDnsNotice(text: string): string {
  const lines = text.split('\n');
  const kept = lines.filter((line) => !DNS_NOTICE.test(line));
  return kept.length === 0 ? '' : kept.join('\n') + (text.endsWith('\n') ? '\n' : '');
}

/**
 * Spawn `prosody -F` and wait until it serves c2s.
 *
 * When setpriv exists, Prosody is exec'd with a parent-death signal so it dies
 * even if this process is SIGKILLed (where no 'exit' handler can run). setpriv
 * execs, so the pid we hold is Prosody's own and SIGTERM reaches it directly.
 */
export async function launch(p: LaunchInput): Promise<ChildProcess> {
  const args = ['-F', '--config', p.configPath];
  const [cmd, argv] = existsSync(SETPRIV)
    ? [SETPRIV, ['--pdeathsig', 'SIGKILL', '--', PROSODY, ...args]]
    : [PROSODY, args];
  const child = spawn(cmd, argv, { cwd: p.dir, stdio: ['ignore', 'pipe', 'pipe'] });
  track(child, p.dir);
  // Only error-level lines reach the console sink; surface them, they explain failures.
  // Keep the last few KB too: a config syntax error is printed before file logging exists.
  let output = '';
  const onOutput = (b: Buffer): void => {
    const text = b.toString();
    output = (output + text).slice(-4096);
    const shown = withoutDnsNotice(text);
    if (shown) process.stderr.write(`[prosody ${p.c2sPort}] ${shown}`);
  };
  child.stdout?.on('data', onOutput);
  child.stderr?.on('data', onOutput);
  let spawnError: Error | undefined;
  child.once('error', (e) => (spawnError = e));

  const deadline = Date.now() + p.readyTimeoutMs;
  try {
    for (;;) {
      if (spawnError) throw new Error(`could not run ${cmd}: ${spawnError.message}`);
      if (exited(child))
        throw new Error(
          `prosody exited during startup (code ${child.exitCode}, signal ${child.signalCode})`,
        );
      const log = await readFile(p.logPath, 'utf8').catch(() => '');
      if (/Failed to open server port[^\n]*in use/.test(log))
        throw new PortInUseError('prosody could not bind a port');
      if (/Failed to open server port|Error binding encrypted port/.test(log))
        throw new Error('prosody could not open a listener');
      if (Date.now() > deadline) throw new Error(`prosody not ready within ${p.readyTimeoutMs} ms`);
      if (await canConnect(p.c2sPort)) {
        // A stream reply means startup finished (listeners are bound before the loop
        // runs), so re-check the log for bind errors before trusting the other ports.
        const ok = await xmppProbe(p.c2sPort, p.domain).then(
          () => true,
          () => false,
        );
        if (ok) {
          const after = await readFile(p.logPath, 'utf8').catch(() => '');
          if (/Failed to open server port[^\n]*in use/.test(after))
            throw new PortInUseError('prosody could not bind a port');
          if (/Failed to open server port|Error binding encrypted port/.test(after))
            throw new Error('prosody could not open a listener');
          if (
            (await canConnect(p.directTlsPort)) &&
            (await canConnect(p.httpPort)) &&
            (await canConnect(p.componentPort))
          )
            return child;
        }
      }
      await sleep(25);
    }
  } catch (err) {
    await terminate(child);
    if (err instanceof PortInUseError) throw err;
    const msg = err instanceof Error ? err.message : String(err);
    const console = output.trim() ? `\n--- prosody output ---\n${output.trim()}` : '';
    throw new Error(`${msg}\n--- tail of ${p.logPath} ---\n${await logTail(p.logPath)}${console}`);
  }
}

/** SIGTERM, wait (bounded), then SIGKILL: Prosody normally exits on SIGTERM in under 2 s. */
export async function terminate(child: ChildProcess, graceMs = 4_000): Promise<void> {
  if (!exited(child)) {
    child.kill('SIGTERM');
    if (!(await waitExit(child, graceMs))) {
      child.kill('SIGKILL');
      await waitExit(child, 2_000);
    }
  }
  untrack(child);
}
