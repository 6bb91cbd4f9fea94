/**
 * `pnpm demo`: a throwaway Prosody with two demo accounts (alice and bob, already contacts of
 * each other), and Parley with both accounts set up — in Electron where its binary exists,
 * else the real renderer in the browser over the WebSocket host.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findElectronBinary } from '../apps/desktop/electron-binary.js';
import { startProsody } from '@parley/testkit';
import { connectNodeClient, spawnHost } from '@parley/backend';
import { setUpDemoAccounts } from './demo-accounts.js';

const root = resolve(import.meta.dirname, '..');

/** The README's first command is `./scripts/setup.sh && pnpm demo`: build the renderer once. */
function buildRendererIfMissing(): void {
  if (existsSync(join(root, 'apps/desktop/dist-web/index.html'))) return;
  console.log('Building the renderer once (pnpm build:web)…');
  const build = spawnSync('pnpm', ['build:web'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('pnpm build:web failed');
}

async function main(): Promise<void> {
  buildRendererIfMissing();
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
  const host = await spawnHost({
    profile,
    caFile,
    port: Number(process.env['PORT'] ?? 5280),
    cwd: root,
  });
  const appUrl = host.url;
  const client = await connectNodeClient(appUrl);
  await setUpDemoAccounts(client, server);
  client.close();
  const binary = findElectronBinary();
  const electron = 'path' in binary ? binary.path : null;
  if (electron && existsSync(join(root, 'apps/desktop/out/main/index.js'))) {
    // The desktop app keeps its own profile (its key is in the OS keychain): add alice there
    // with host 127.0.0.1 and the port above; bob is already set up in the browser view.
    spawn(electron, [join(root, 'apps/desktop')], {
      stdio: 'inherit',
      env: {
        ...process.env,
        PARLEY_DEV_CA_FILE: caFile,
        PARLEY_DEV_USER_DATA: join(profile, 'electron'),
      },
    });
    console.log(
      `\nParley desktop started. Add alice@localhost (alice-demo), host 127.0.0.1, port ${server.c2sPort}.`,
    );
  }
  // The URL carries the host's per-start token (in the fragment): only this page may drive it.
  console.log(`\nParley is running: open ${appUrl} in your browser.`);
  console.log('Press Ctrl+C to stop.');

  const stop = async () => {
    await host.stop();
    await server.stop();
    rmSync(profile, { recursive: true, force: true });
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
