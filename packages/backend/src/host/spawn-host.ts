import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** The host's source entry: what `entry` bundles, and what runs under tsx without one. */
export const hostCliSource = join(here, 'cli.ts');
/** The built renderer the host serves (cli.ts's default; passed explicitly for a bundled host). */
const builtRenderer = resolve(here, '../../../../apps/desktop/dist-web');

export interface SpawnedHost {
  /** The page to open, with `#token=…`: what the renderer and connectNodeClient take. */
  url: string;
  /** http://127.0.0.1:PORT */
  origin: string;
  /** The per-start token a WebSocket client must offer. */
  token: string;
  child: ChildProcess;
  /** SIGTERM, then SIGKILL if the host has not exited after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts the dev/test host (cli.ts) in its own process, as the demo and the e2e tests run it,
 * and resolves once it prints where it listens.
 */
export async function spawnHost(options: {
  profile: string;
  caFile?: string;
  /** Tests only: the folder of file grants (cli.ts --grants). */
  grantsDir?: string;
  port?: number;
  cwd?: string;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  /**
   * The host as one JavaScript file (testkit's bundleNodeEntry of `hostCliSource`), started by
   * plain Node; PARLEY_HOST_ENTRY names one for every host a run starts (the e2e global setup
   * builds it). Without one, tsx compiles the sources on each start.
   */
  entry?: string;
}): Promise<SpawnedHost> {
  const entry = options.entry ?? process.env['PARLEY_HOST_ENTRY'];
  const args = entry
    ? [entry, '--static', builtRenderer, '--profile', options.profile]
    : ['--import', 'tsx', hostCliSource, '--profile', options.profile];
  if (options.caFile) args.push('--ca', options.caFile);
  if (options.grantsDir) args.push('--grants', options.grantsDir);
  if (options.port !== undefined) args.push('--port', String(options.port));
  const child = spawn(process.execPath, args, {
    cwd: options.cwd ?? process.cwd(),
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...options.env },
  });
  // Never leave a host behind, even when the caller exits through process.exit.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  // Generous: tsx compiles the backend on each start, and e2e starts two hosts per spec file
  // with two spec files at a time on a two-core machine.
  const line = await firstLine(child, options.timeoutMs ?? 60_000);
  const { url, origin, token } = JSON.parse(line) as { url: string; origin: string; token: string };
  return {
    url,
    origin,
    token,
    child,
    async stop(graceMs = 5_000) {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, graceMs))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

function firstLine(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('the host did not start in time'));
    }, timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const end = buffer.indexOf('\n');
      if (end < 0) return;
      clearTimeout(timer);
      resolve(buffer.slice(0, end));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the host exited with ${code}`));
    });
  });
}
