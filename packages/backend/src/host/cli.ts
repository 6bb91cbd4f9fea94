/**
 * Dev/test host: the real backend and store, served over WebSocket with the built renderer.
 *   tsx packages/backend/src/host/cli.ts --profile DIR [--port N] [--ca FILE] [--static DIR]
 *     [--grants DIR]
 * It prints one JSON line: { url, origin, port, token }; only a client holding the token (the
 * page opened at `url`, whose fragment carries it) may use the backend.
 * The store key comes from PARLEY_STORE_KEY (64 hex chars) or DIR/store.key (created once).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openStore } from '@parley/store';
import { createBackend } from '../backend.js';
import { grantsIn } from './grants-folder.js';
import { lowerProcessPriority } from './priority.js';
import { startWsHost } from './ws-host.js';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    profile: { type: 'string' },
    port: { type: 'string', default: '0' },
    ca: { type: 'string' },
    static: { type: 'string', default: resolve(here, '../../../../apps/desktop/dist-web') },
    grants: { type: 'string' },
  },
});

function storeKey(profile: string): Buffer {
  const fromEnv = process.env['PARLEY_STORE_KEY'];
  if (fromEnv) {
    if (!/^[0-9a-f]{64}$/i.test(fromEnv))
      throw new Error('PARLEY_STORE_KEY must be 64 hex characters');
    return Buffer.from(fromEnv, 'hex');
  }
  const file = join(profile, 'store.key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
}

async function main(): Promise<void> {
  if (!values.profile) throw new Error('--profile DIR is required');
  // As the desktop app's backend process does (backend-process.ts): the page's frames first.
  lowerProcessPriority();
  const profile = resolve(values.profile);
  mkdirSync(profile, { recursive: true });
  const store = openStore({ path: join(profile, 'parley.db'), key: storeKey(profile) });
  const backend = createBackend({
    store,
    trustedCaPem: values.ca ? readFileSync(values.ca, 'utf8') : null,
    // Downloads stay in the profile: a test run never writes to the user's own folders.
    downloadDir: join(profile, 'Downloads'),
    // The test server's upload service speaks plain http on loopback (testkit's Prosody).
    allowLoopbackHttp: true,
    ...(values.grants ? { takeFileGrant: grantsIn(resolve(values.grants)) } : {}),
  });
  const host = await startWsHost({ backend, staticRoot: values.static, port: Number(values.port) });
  await backend.start();
  // One line for whoever started us (spawn-host.ts): the page URL carries the per-start token.
  process.stdout.write(
    `${JSON.stringify({ url: host.url, origin: host.origin, port: host.port, token: host.token })}\n`,
  );
  const stop = async () => {
    await backend.stop();
    await host.close();
    store.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
