import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

export interface Host {
  url: string;
  profile: string;
  stop(): Promise<void>;
}

/**
 * One Parley "device": the real backend and encrypted store in its own profile, served with
 * the built renderer over the WebSocket host, trusting the test server's CA.
 */
export async function startHost(caPem: string): Promise<Host> {
  const profile = mkdtempSync(join(tmpdir(), 'parley-e2e-'));
  const caFile = join(profile, 'ca.pem');
  writeFileSync(caFile, caPem);
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(root, 'packages/backend/src/host/cli.ts'),
      '--profile',
      profile,
      '--ca',
      caFile,
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const line = await firstLine(child, 20_000);
  const { url } = JSON.parse(line) as { url: string };
  return {
    url,
    profile,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      child.kill('SIGKILL');
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

function firstLine(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolveLine, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error('host did not start')), timeoutMs);
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
      reject(new Error(`host exited with ${code}`));
    });
  });
}
