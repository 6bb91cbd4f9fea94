// A throwaway TURN server (Debian's coturn) on loopback for call tests: the REST-API shared
// secret that Prosody's mod_turn_external signs credentials with, random free ports, no TLS,
// no admin CLI, relaying only on 127.0.0.1 (and to loopback peers, where the tests' ICE runs).
import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { canConnect, freePorts } from './ports.js';
import { logTail, terminate } from './process.js';
import { track } from './registry.js';

const TURNSERVER = '/usr/bin/turnserver';
const READY_TIMEOUT_MS = 10_000;
/** Relay ports per server: enough for a few calls at once. */
const RELAY_PORTS = 40;

export interface TestTurnServer {
  host: string;
  /** The STUN/TURN listening port (UDP and TCP). */
  port: number;
  /** The shared secret; give it to startProsody({ turn }) as well. */
  secret: string;
  realm: string;
  stop(): Promise<void>;
}

/** Starts coturn on 127.0.0.1; always pair with `stop()` (an exit hook is the fallback). */
export async function startCoturn(opts: { secret?: string } = {}): Promise<TestTurnServer> {
  if (!existsSync(TURNSERVER)) {
    throw new Error(
      "coturn is not installed: TURN tests need Debian's coturn (apt-get install coturn).",
    );
  }
  const secret = opts.secret ?? randomBytes(16).toString('hex');
  const realm = 'parley.test';
  const dir = await mkdtemp(path.join(os.tmpdir(), 'parley-coturn-'));
  const [port] = await freePorts(1);
  // A relay range away from the ephemeral ports the kernel hands out for tests' own sockets.
  const min = 20_000 + Math.floor(Math.random() * 20_000);
  const argv = [
    `--listening-port=${port}`,
    '--listening-ip=127.0.0.1',
    '--relay-ip=127.0.0.1',
    `--min-port=${min}`,
    `--max-port=${min + RELAY_PORTS}`,
    '--use-auth-secret',
    `--static-auth-secret=${secret}`,
    `--realm=${realm}`,
    '--allow-loopback-peers',
    '--no-tls',
    '--no-dtls',
    '--no-cli',
    '--no-multicast-peers',
    `--db=${path.join(dir, 'turndb')}`,
    `--pidfile=${path.join(dir, 'turnserver.pid')}`,
    `--log-file=${path.join(dir, 'turn.log')}`,
    '--simple-log',
    '--no-stdout-log',
  ];
  const child: ChildProcess = spawn(TURNSERVER, argv, { cwd: dir, stdio: 'ignore' });
  track(child, dir);
  const started = Date.now();
  while (!(await canConnect(port!))) {
    if (child.exitCode !== null || Date.now() - started > READY_TIMEOUT_MS) {
      const log = await logTail(path.join(dir, 'turn.log'));
      await terminate(child);
      await rm(dir, { recursive: true, force: true });
      throw new Error(`coturn did not start on 127.0.0.1:${port}:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    host: '127.0.0.1',
    port: port!,
    secret,
    realm,
    async stop() {
      await terminate(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
