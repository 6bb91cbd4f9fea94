import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const webRoot = join(root, 'apps/desktop/dist-web');

export interface BenchHost {
  /** http://127.0.0.1:PORT/ serving the built renderer, with the backend on /ws. */
  url: string;
  stop(): Promise<void>;
}

/** Fails early, with the fix, when the renderer has not been built. */
export function requireWebBuild(): void {
  if (!existsSync(join(webRoot, 'index.html')))
    throw new Error('apps/desktop/dist-web is missing: run `pnpm build:web` first');
}

/**
 * The dev/test WebSocket host (packages/backend/src/host/cli.ts) on a profile the bench has
 * prepared: the real backend and encrypted store, serving the built renderer. The store key goes
 * through PARLEY_STORE_KEY so the bench can fill the store before the host opens it.
 */
export async function startHost(options: {
  profile: string;
  key: Buffer;
  caPem?: string;
}): Promise<BenchHost> {
  requireWebBuild();
  const args = [
    '--import',
    'tsx',
    join(root, 'packages/backend/src/host/cli.ts'),
    '--profile',
    options.profile,
  ];
  if (options.caPem) {
    const caFile = join(options.profile, 'ca.pem');
    writeFileSync(caFile, options.caPem);
    args.push('--ca', caFile);
  }
  const child = spawn(process.execPath, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, PARLEY_STORE_KEY: options.key.toString('hex') },
  });
  // Never leave a host behind, even when the bench exits through process.exit or a watchdog.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  const line = await firstLine(child, 30_000);
  const { url } = JSON.parse(line) as { url: string };
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

function firstLine(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolveLine, reject) => {
    let buffer = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('the host did not start in time'));
    }, timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const end = buffer.indexOf('\n');
      if (end >= 0) {
        clearTimeout(timer);
        resolveLine(buffer.slice(0, end));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the host exited with ${code}`));
    });
  });
}
