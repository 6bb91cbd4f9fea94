/**
 * `pnpm demo`: a throwaway Prosody with two demo accounts (alice and bob, already contacts of
 * each other), and Parley with both accounts set up — in Electron where its binary exists,
 * else the real renderer in the browser over the WebSocket host.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startProsody } from '@parley/testkit';
import { connectNodeClient } from '@parley/backend';
import { setUpDemoAccounts } from './demo-accounts.js';

const root = resolve(import.meta.dirname, '..');

async function main(): Promise<void> {
  const server = await startProsody({
    users: [
      { local: 'alice', password: 'alice-demo' },
      { local: 'bob', password: 'bob-demo' },
    ],
  });
  const profile = mkdtempSync(join(tmpdir(), 'parley-demo-'));
  const caFile = join(profile, 'demo-ca.pem');
  writeFileSync(caFile, server.caPem);

  console.log(`Demo server on 127.0.0.1:${server.c2sPort} (domain ${server.domain})`);
  console.log('Accounts: alice@localhost / alice-demo and bob@localhost / bob-demo');
  const host = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(root, 'packages/backend/src/host/cli.ts'),
      '--profile',
      profile,
      '--ca',
      caFile,
      '--port',
      process.env['PORT'] ?? '5280',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await firstLine(host);
  const { url: appUrl } = JSON.parse(url) as { url: string };
  const client = await connectNodeClient(appUrl);
  await setUpDemoAccounts(client, server);
  client.close();
  console.log(`\nParley is running: open ${appUrl} in your browser.`);
  console.log('Press Ctrl+C to stop.');

  const stop = async () => {
    host.kill('SIGTERM');
    await server.stop();
    rmSync(profile, { recursive: true, force: true });
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  if (!existsSync(join(root, 'apps/desktop/dist-web/index.html'))) {
    console.log('(build the renderer first: pnpm build:web)');
  }
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolveLine, reject) => {
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const end = buffer.indexOf('\n');
      if (end >= 0) resolveLine(buffer.slice(0, end));
    });
    child.once('exit', (code) => reject(new Error(`host exited with ${code}`)));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
