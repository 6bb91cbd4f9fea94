import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCertificates, startProsody, type StartOptions } from '@parley/testkit';

export interface BenchServer {
  domain: string;
  host: string;
  c2sPort: number;
  httpPort: number;
  caPem: string;
  /** Prosody's temp dir (data_path is `${dir}/data`), for benches that seed its storage. */
  dir: string;
  mucDomain: string;
  /** The XEP-0114 component for `startCrowd` (room benches). */
  componentPort: number;
  crowdDomain: string;
  componentSecret: string;
}

/**
 * Runs the calling bench script in a child process next to a throwaway Prosody. The child gets
 * the server in BENCH_SERVER and trusts its CA process-wide (NODE_EXTRA_CA_CERTS), which the
 * bare @xmpp/client baseline needs: it has no per-connection TLS option.
 * Returns the server in the child; never returns in the parent.
 */
export async function withServer(
  options: StartOptions,
  { remote = false }: { remote?: boolean } = {},
): Promise<BenchServer> {
  const inherited = process.env['BENCH_SERVER'];
  if (inherited) return JSON.parse(inherited) as BenchServer;
  const server = await startProsody(options);
  if (remote) lowestPriority(server.configPath);
  const caFile = join(server.dir, 'bench-ca.pem');
  writeFileSync(caFile, server.caPem);
  const info: BenchServer = {
    domain: server.domain,
    host: server.host,
    c2sPort: server.c2sPort,
    httpPort: server.httpPort,
    caPem: server.caPem,
    dir: server.dir,
    mucDomain: server.mucDomain,
    componentPort: server.componentPort,
    crowdDomain: server.crowdDomain,
    componentSecret: server.componentSecret,
  };
  const run = spawnSync(process.execPath, ['--import', 'tsx', ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile, BENCH_SERVER: JSON.stringify(info) },
  });
  await server.stop();
  process.exit(run.status ?? 1);
}

/**
 * The server as if it ran elsewhere, as it does for a user: at the lowest priority, its work
 * does not take the CPU from what the bench measures on this machine (the page's frames).
 */
function lowestPriority(configPath: string): void {
  const found = spawnSync('pgrep', ['-f', configPath], { encoding: 'utf8', timeout: 5_000 });
  const pids = found.stdout.split('\n').filter(Boolean).map(Number);
  if (pids.length === 0) throw new Error(`no Prosody process found for ${configPath}`);
  for (const pid of pids) setPriority(pid, 19);
  console.log(`server: Prosody (pid ${pids.join(', ')}) at the lowest priority, as if remote`);
}

export interface BenchCa {
  certPath: string;
  keyPath: string;
}

/**
 * Like withServer, for benches that start several servers themselves (a fresh one per round):
 * the child trusts one throwaway CA process-wide, and each server's certificate is signed by
 * it (`startProsody({ ca })`). Returns the CA in the child; never returns in the parent.
 */
export async function withTrustedCa(): Promise<BenchCa> {
  const inherited = process.env['BENCH_CA'];
  if (inherited) return JSON.parse(inherited) as BenchCa;
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-ca-'));
  const certs = await makeCertificates(dir, ['localhost']);
  const ca: BenchCa = { certPath: certs.caCertPath, keyPath: certs.caKeyPath };
  const run = spawnSync(process.execPath, ['--import', 'tsx', ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: ca.certPath, BENCH_CA: JSON.stringify(ca) },
  });
  rmSync(dir, { recursive: true, force: true });
  process.exit(run.status ?? 1);
}
