import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, mkdir, readFile, rm, writeFile, chmod } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { makeCertificates } from './certs.js';
import type { LogLevel } from './config.js';
import { renderEjabberdConfig } from './ejabberd-config.js';
import { canConnect, freePorts } from './ports.js';
import { xmppProbe } from './probe.js';
import { logTail, PortInUseError, terminate } from './process.js';
import { track } from './registry.js';
import type { TestUser } from './prosody.js';

/** A throwaway ejabberd: the part of `TestServer` (prosody.ts) a client test needs. */
export interface EjabberdServer {
  domain: string;
  host: '127.0.0.1';
  /** STARTTLS client port. */
  c2sPort: number;
  /** XEP-0368 Direct TLS client port. */
  directTlsPort: number;
  /** PEM of the CA the client must trust. */
  caPem: string;
  /** Same CA as a file (slixmpp, NODE_EXTRA_CA_CERTS). */
  caPath: string;
  dir: string;
  configPath: string;
  logPath: string;
  users: TestUser[];
  createUser(local: string, password: string): Promise<TestUser>;
  removeUser(local: string): Promise<void>;
  stop(): Promise<void>;
}

export interface EjabberdStartOptions {
  domain?: string;
  users?: Array<{ local: string; password: string }>;
  /** Sign the server's certificate with this CA (several servers, one CA to trust). */
  ca?: { certPath: string; keyPath: string };
  logLevel?: LogLevel;
}

const ERL = '/usr/bin/erl';
const SETPRIV = '/usr/bin/setpriv';
// ~2 s to start here when idle (FACTS.md says ~8 s for a loaded machine): bounded generously.
const READY_TIMEOUT_MS = 30_000;
// ejabberd answers SIGTERM with an orderly stop, ~2 s here.
const STOP_GRACE_MS = 8_000;
const BIND_ATTEMPTS = 4;
const SAFE_LOCAL = /^[a-z0-9._-]+$/;
const SAFE_DOMAIN = /^[a-z0-9-]+(\.[a-z0-9-]+)*$/;

/** Where Debian keeps ejabberd's Erlang applications (ERL_LIBS), or null when not installed. */
function ejabberdLibs(): string | null {
  if (!existsSync(ERL)) return null;
  for (const base of ['/usr/lib', ...safeDirs('/usr/lib').map((d) => `/usr/lib/${d}`)]) {
    if (safeDirs(base).some((d) => /^ejabberd-\d/.test(d))) return base;
  }
  return null;
}

function safeDirs(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
  } catch {
    return [];
  }
}

/** Why ejabberd cannot run here, or null (Debian: apt-get install ejabberd). */
export function ejabberdUnavailable(): string | null {
  return ejabberdLibs()
    ? null
    : "ejabberd is not installed (Debian's ejabberd package: apt-get install ejabberd)";
}

/**
 * Start a throwaway ejabberd on loopback; always pair with `stop()` (an exit hook is the
 * fallback).
 *
 * It runs `erl -s ejabberd` directly, as the current user, instead of `ejabberdctl`: Debian's
 * ejabberdctl refuses any user but root and `ejabberd`, and as root it `su`s to `ejabberd`,
 * which could not read a root-owned temp dir and would leave a bash/su/beam chain that SIGTERM
 * does not reach. No node name is given, so no Erlang distribution, cookie or epmd daemon is
 * involved; accounts are made through mod_http_api (the same `register` command ejabberdctl
 * calls) on a loopback port: ~0.1 s each where an `ejabberdctl register` boots a VM (~1.4 s).
 */
export async function startEjabberd(opts: EjabberdStartOptions = {}): Promise<EjabberdServer> {
  const libs = ejabberdLibs();
  if (!libs) throw new Error(ejabberdUnavailable()!);
  const domain = opts.domain ?? 'localhost';
  if (!SAFE_DOMAIN.test(domain)) throw new Error(`unsupported test domain: ${domain}`);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'parley-ejabberd-'));
  const configPath = path.join(dir, 'ejabberd.yml');
  const logPath = path.join(dir, 'ejabberd.log');
  let child: ChildProcess | undefined;
  let ports: number[] = [];
  try {
    const certs = await makeCertificates(path.join(dir, 'certs'), [domain], opts.ca);
    const certFile = path.join(dir, 'certs', 'server-with-key.pem');
    const pem = (await readFile(certs.certPath, 'utf8')) + (await readFile(certs.keyPath, 'utf8'));
    await writeFile(certFile, pem, { mode: 0o600 });
    await chmod(certFile, 0o600);
    for (let attempt = 1; !child; attempt++) {
      ports = await freePorts(3);
      const [c2sPort, directTlsPort, apiPort] = ports as [number, number, number];
      const spool = path.join(dir, `spool-${attempt}`);
      await mkdir(spool);
      await writeFile(
        configPath,
        renderEjabberdConfig({
          dir,
          domain,
          c2sPort,
          directTlsPort,
          apiPort,
          certFile,
          logLevel: opts.logLevel ?? 'info',
        }),
      );
      await writeFile(logPath, '');
      try {
        child = await launch({ dir, libs, spool, configPath, logPath, domain, ports });
      } catch (err) {
        if (!(err instanceof PortInUseError) || attempt >= BIND_ATTEMPTS) throw err;
      }
    }

    const proc = child;
    const apiPort = ports[2]!;
    let stopping: Promise<void> | undefined;
    const server: EjabberdServer = {
      domain,
      host: '127.0.0.1',
      c2sPort: ports[0]!,
      directTlsPort: ports[1]!,
      caPem: certs.caPem,
      caPath: certs.caCertPath,
      dir,
      configPath,
      logPath,
      users: [],
      async createUser(local, password) {
        if (!SAFE_LOCAL.test(local)) throw new Error(`unsupported test username: ${local}`);
        await api(apiPort, 'register', { user: local, host: domain, password });
        return { jid: `${local}@${domain}`, local, password };
      },
      async removeUser(local) {
        if (!SAFE_LOCAL.test(local)) throw new Error(`unsupported test username: ${local}`);
        await api(apiPort, 'unregister', { user: local, host: domain });
      },
      stop() {
        stopping ??= (async () => {
          await terminate(proc, STOP_GRACE_MS);
          await rm(dir, { recursive: true, force: true });
        })();
        return stopping;
      },
    };
    try {
      for (const u of opts.users ?? [])
        server.users.push(await server.createUser(u.local, u.password));
    } catch (err) {
      await server.stop();
      throw err;
    }
    return server;
  } catch (err) {
    if (child) await terminate(child, STOP_GRACE_MS);
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

interface LaunchInput {
  dir: string;
  libs: string;
  spool: string;
  configPath: string;
  logPath: string;
  domain: string;
  ports: number[];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const exited = (c: ChildProcess): boolean => c.exitCode !== null || c.signalCode !== null;

/** Spawn the Erlang VM with ejabberd and wait until it says it started and its ports answer. */
async function launch(p: LaunchInput): Promise<ChildProcess> {
  // The mnesia dir is an Erlang string term: quoted, and our paths never contain a quote.
  const args = ['-noinput', '-noshell', '-mnesia', 'dir', `"${p.spool}"`, '-s', 'ejabberd'];
  // setpriv execs (erl → erlexec → beam.smp all exec too), so the pid we hold is the VM's and
  // the parent-death signal kills it even if this process is SIGKILLed.
  const [cmd, argv] = existsSync(SETPRIV)
    ? [SETPRIV, ['--pdeathsig', 'SIGKILL', '--', ERL, ...args]]
    : [ERL, args];
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: p.dir,
    EJABBERD_CONFIG_PATH: p.configPath,
    EJABBERD_LOG_PATH: p.logPath,
    ERL_LIBS: p.libs,
    ERL_CRASH_DUMP: path.join(p.dir, 'erl_crash.dump'),
    ERL_CRASH_DUMP_BYTES: '0',
    ...(existsSync('/etc/ejabberd/inetrc') ? { ERL_INETRC: '/etc/ejabberd/inetrc' } : {}),
  };
  const child = spawn(cmd, argv, { cwd: p.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  track(child, p.dir);
  let output = '';
  const onOutput = (b: Buffer): void => {
    output = (output + b.toString()).slice(-4096);
  };
  child.stdout?.on('data', onOutput);
  child.stderr?.on('data', onOutput);
  let spawnError: Error | undefined;
  child.once('error', (e) => (spawnError = e));

  const [c2sPort, directTlsPort, apiPort] = p.ports as [number, number, number];
  const deadline = Date.now() + READY_TIMEOUT_MS;
  try {
    for (;;) {
      if (spawnError) throw new Error(`could not run ${cmd}: ${spawnError.message}`);
      const log = await readFile(p.logPath, 'utf8').catch(() => '');
      if (/eaddrinuse/.test(log + output)) throw new PortInUseError('ejabberd could not bind');
      if (exited(child))
        throw new Error(`ejabberd exited during startup (${child.exitCode ?? child.signalCode})`);
      if (/Failed to open socket|\[critical\]/.test(log))
        throw new Error('ejabberd could not start a listener');
      if (Date.now() > deadline)
        throw new Error(`ejabberd not ready within ${READY_TIMEOUT_MS} ms`);
      // Listeners open before the modules load: only the final log line means ready.
      if (
        / is started in the node /.test(log) &&
        (await canConnect(directTlsPort)) &&
        (await canConnect(apiPort)) &&
        (await xmppProbe(c2sPort, p.domain).then(
          () => true,
          () => false,
        ))
      )
        return child;
      await sleep(50);
    }
  } catch (err) {
    await terminate(child, STOP_GRACE_MS);
    if (err instanceof PortInUseError) throw err;
    const msg = err instanceof Error ? err.message : String(err);
    const console = output.trim() ? `\n--- ejabberd output ---\n${output.trim()}` : '';
    throw new Error(`${msg}\n--- tail of ${p.logPath} ---\n${await logTail(p.logPath)}${console}`);
  }
}

/** One mod_http_api command on loopback; ejabberd answers 200 with the command's result. */
function api(port: number, command: string, body: Record<string, string>): Promise<string> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/api/${command}`,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
        },
        timeout: 10_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(text)
            : reject(new Error(`ejabberd ${command} failed: ${res.statusCode} ${text}`)),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error(`ejabberd ${command}: no answer in 10 s`)));
    req.on('error', reject);
    req.end(payload);
  });
}
