import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startProsody, type StartOptions } from '@parley/testkit';

export interface BenchServer {
  domain: string;
  host: string;
  c2sPort: number;
  httpPort: number;
  caPem: string;
  /** Prosody's temp dir (data_path is `${dir}/data`), for benches that seed its storage. */
  dir: string;
}

/**
 * Runs the calling bench script in a child process next to a throwaway Prosody. The child gets
 * the server in BENCH_SERVER and trusts its CA process-wide (NODE_EXTRA_CA_CERTS), which the
 * bare @xmpp/client baseline needs: it has no per-connection TLS option.
 * Returns the server in the child; never returns in the parent.
 */
export async function withServer(options: StartOptions): Promise<BenchServer> {
  const inherited = process.env['BENCH_SERVER'];
  if (inherited) return JSON.parse(inherited) as BenchServer;
  const server = await startProsody(options);
  const caFile = join(server.dir, 'bench-ca.pem');
  writeFileSync(caFile, server.caPem);
  const info: BenchServer = {
    domain: server.domain,
    host: server.host,
    c2sPort: server.c2sPort,
    httpPort: server.httpPort,
    caPem: server.caPem,
    dir: server.dir,
  };
  const run = spawnSync(process.execPath, ['--import', 'tsx', ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile, BENCH_SERVER: JSON.stringify(info) },
  });
  await server.stop();
  process.exit(run.status ?? 1);
}
