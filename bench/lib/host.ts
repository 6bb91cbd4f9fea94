import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnHost } from '@parley/backend';

const root = resolve(import.meta.dirname, '../..');
const webRoot = join(root, 'apps/desktop/dist-web');

export interface BenchHost {
  /** http://127.0.0.1:PORT/#token=… serving the built renderer, with the backend on /ws; the
   * fragment carries the host's per-start token (the page and connectWs read it). */
  url: string;
  /** The host process (backend + store), for memory figures. */
  pid: number | undefined;
  stop(): Promise<void>;
}

/** Fails early, with the fix, when the renderer has not been built. */
export function requireWebBuild(): void {
  if (!existsSync(join(webRoot, 'index.html')))
    throw new Error('apps/desktop/dist-web is missing: run `pnpm build:web` first');
}

/**
 * The dev/test WebSocket host on a profile the bench has prepared: the real backend and
 * encrypted store, serving the built renderer. The store key goes through PARLEY_STORE_KEY so
 * the bench can fill the store before the host opens it.
 */
export async function startHost(options: {
  profile: string;
  key: Buffer;
  caPem?: string;
  /** More environment for the host process (e.g. NODE_OPTIONS for an inspector). */
  env?: NodeJS.ProcessEnv;
}): Promise<BenchHost> {
  requireWebBuild();
  let caFile: string | undefined;
  if (options.caPem) {
    caFile = join(options.profile, 'ca.pem');
    writeFileSync(caFile, options.caPem);
  }
  const host = await spawnHost({
    profile: options.profile,
    ...(caFile ? { caFile } : {}),
    cwd: root,
    timeoutMs: 30_000,
    env: { ...options.env, PARLEY_STORE_KEY: options.key.toString('hex') },
  });
  return { url: host.url, pid: host.child.pid, stop: () => host.stop() };
}
