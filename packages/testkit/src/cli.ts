/**
 * Run a throwaway Prosody until SIGINT/SIGTERM, for the demo script and benches:
 *
 *   tsx packages/testkit/src/cli.ts [--users alice:pw,bob:pw] [--domain localhost] [--mam-storage memory|sql]
 *
 * Prints one JSON line on stdout once the server is ready, so a parent can read
 * the first line and go; everything else (Prosody errors) goes to stderr.
 */
import { parseArgs } from 'node:util';
import { startProsody, type StartOptions } from './prosody.js';

function parseUsers(spec: string | undefined): Array<{ local: string; password: string }> {
  if (!spec) return [];
  return spec
    .split(',')
    .filter((s) => s.length > 0)
    .map((pair) => {
      // Split on the first colon only: passwords may contain colons.
      const i = pair.indexOf(':');
      if (i <= 0 || i === pair.length - 1)
        throw new Error(`--users expects local:password, got "${pair}"`);
      return { local: pair.slice(0, i), password: pair.slice(i + 1) };
    });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      users: { type: 'string' },
      domain: { type: 'string' },
      'mam-storage': { type: 'string' },
    },
  });
  const mam = values['mam-storage'];
  if (mam !== undefined && mam !== 'memory' && mam !== 'sql')
    throw new Error('--mam-storage must be memory or sql');
  const opts: StartOptions = { users: parseUsers(values.users) };
  if (values.domain) opts.domain = values.domain;
  if (mam) opts.mamStorage = mam;

  const server = await startProsody(opts);
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    server.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`testkit: stop after ${signal} failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  process.stdout.write(
    `${JSON.stringify({
      domain: server.domain,
      host: server.host,
      c2sPort: server.c2sPort,
      directTlsPort: server.directTlsPort,
      httpPort: server.httpPort,
      mucDomain: server.mucDomain,
      uploadDomain: server.uploadDomain,
      componentPort: server.componentPort,
      crowdDomain: server.crowdDomain,
      componentSecret: server.componentSecret,
      caPath: server.caPath,
      dir: server.dir,
      users: server.users,
    })}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`testkit: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
