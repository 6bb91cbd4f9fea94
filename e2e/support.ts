import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnHost } from '@parley/backend';

export interface Host {
  url: string;
  profile: string;
  stop(): Promise<void>;
}

/**
 * One Parley "device": the real backend and encrypted store in its own profile, served with
 * the built renderer over the WebSocket host, trusting the test server's CA when given one.
 */
export async function startHost(caPem: string | null): Promise<Host> {
  const profile = mkdtempSync(join(tmpdir(), 'parley-e2e-'));
  let caFile: string | undefined;
  if (caPem) {
    caFile = join(profile, 'ca.pem');
    writeFileSync(caFile, caPem);
  }
  const host = await spawnHost({ profile, ...(caFile ? { caFile } : {}) });
  return {
    url: host.url,
    profile,
    async stop() {
      await host.stop();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
