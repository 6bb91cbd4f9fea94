import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { makeCertificates } from './certs.js';
import { SPAM_REPORTING_LUA, SPAM_REPORTING_MODULE } from './spam-reporting-module.js';
import { renderConfig, type InviteOptions, type LogLevel, type TurnOptions } from './config.js';
import { run } from './exec.js';
import { freePorts } from './ports.js';
import { launch, PortInUseError, terminate } from './process.js';

export interface TestUser {
  jid: string;
  local: string;
  password: string;
}

export interface TestServer {
  domain: string;
  host: '127.0.0.1';
  /** STARTTLS client port. */
  c2sPort: number;
  /** XEP-0368 Direct TLS client port. */
  directTlsPort: number;
  /** Plain HTTP on loopback (http_file_share slots point here). */
  httpPort: number;
  mucDomain: string;
  uploadDomain: string;
  /** XEP-0114 component port on loopback, for `startCrowd` (lib crowd.ts). */
  componentPort: number;
  /** The external component's domain: `crowd.<domain>`. */
  crowdDomain: string;
  /** XEP-0065 proxy (StartOptions.proxy65): its JID and loopback port. */
  proxy65?: { domain: string; port: number };
  /** The component's handshake secret (random per server). */
  componentSecret: string;
  /** PEM of the CA the client must trust. */
  caPem: string;
  /** Same CA as a file, for tools that want a path (NODE_EXTRA_CA_CERTS, slixmpp, the CLI). */
  caPath: string;
  dir: string;
  configPath: string;
  logPath: string;
  /** Users created from StartOptions.users, in order. */
  users: TestUser[];
  createUser(local: string, password: string): Promise<TestUser>;
  removeUser(local: string): Promise<void>;
  /**
   * An account invitation (XEP-0401 URI) made with `prosodyctl mod_invites generate`; only on a
   * server started with `invites`. Written to storage that the running server reads per token.
   */
  generateAccountInvite(): Promise<string>;
  stop(): Promise<void>;
}

export interface StartOptions {
  domain?: string;
  users?: Array<{ local: string; password: string }>;
  /** 'none': no archive at all (for throughput benches, where the memory archive's growth
   * slows Prosody down as a run goes on). */
  mamStorage?: 'memory' | 'sql' | 'none';
  /** Sign the server's certificate with this CA (e.g. one already trusted by a process). */
  ca?: { certPath: string; keyPath: string };
  smacksHibernationSeconds?: number;
  logLevel?: LogLevel;
  /** Core modules to leave out (see MODULES in config.ts), e.g. ['pep', 'bookmarks']. */
  withoutModules?: string[];
  /** Largest file http_file_share takes, in bytes (default 1 GiB). */
  uploadSizeLimit?: number;
  /** The base of upload URLs (Prosody's http_external_url); default http://127.0.0.1:<httpPort>/. */
  httpExternalUrl?: string;
  /** XEP-0425 moderation in rooms (mod_muc_moderation from Debian's prosody-modules). */
  mucModeration?: boolean;
  /** Admins of the VirtualHost, as local parts or bare JIDs (local parts get `@domain`). */
  admins?: string[];
  /** More modules for the VirtualHost, e.g. ['adhoc', 'admin_adhoc']. */
  extraModules?: string[];
  /** XEP-0157 contact addresses (mod_server_contact_info), e.g. { admin: ['mailto:a@b'] }. */
  contactInfo?: Record<string, string[]>;
  /** See ConfigInput.lastActivity. */
  lastActivity?: boolean;
  /** See ConfigInput.plainVcardTemp. */
  plainVcardTemp?: boolean;
  /** XEP-0077 in-band registration open to anyone (allow_registration = true). */
  allowRegistration?: boolean;
  /** Invitations and invite-only registration (see ConfigInput.invites). */
  invites?: InviteOptions;
  /** Room vCards and avatars (mod_vcard_muc from Debian's prosody-modules). */
  mucVcard?: boolean;
  /** XEP-0377: take spam reports and log them (see spam-reporting-module.ts). */
  spamReporting?: boolean;
  /** XEP-0215 TURN credentials from mod_turn_external (see ConfigInput.turn, coturn.ts). */
  turn?: TurnOptions;
  /** XEP-0065: a SOCKS5 bytestreams proxy at proxy.<domain> (mod_proxy65) on loopback. */
  proxy65?: boolean;
}

const PROSODYCTL = '/usr/bin/prosodyctl';
const READY_TIMEOUT_MS = 10_000;
const BIND_ATTEMPTS = 4;
// Prosody accepts these in JIDs, but we keep test names boring so they are safe as argv and paths.
const SAFE_LOCAL = /^[a-z0-9._-]+$/;
const SAFE_DOMAIN = /^[a-z0-9-]+(\.[a-z0-9-]+)*$/;

/** Start a throwaway Prosody on loopback; always pair with `stop()` (an exit hook is the fallback). */
export async function startProsody(opts: StartOptions = {}): Promise<TestServer> {
  if (!existsSync(PROSODYCTL)) {
    throw new Error(
      "Prosody is not installed: the test server needs Debian's prosody (apt-get install prosody).",
    );
  }
  const domain = opts.domain ?? 'localhost';
  if (!SAFE_DOMAIN.test(domain)) throw new Error(`unsupported test domain: ${domain}`);
  const mucDomain = `conference.${domain}`;
  const uploadDomain = `upload.${domain}`;
  const crowdDomain = `crowd.${domain}`;
  const componentSecret = randomBytes(16).toString('hex');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'parley-prosody-'));
  const configPath = path.join(dir, 'prosody.cfg.lua');
  const logPath = path.join(dir, 'prosody.log');

  let child: ChildProcess | undefined;
  let ports: number[] = [];
  try {
    await mkdir(path.join(dir, 'data'), { recursive: true });
    if (opts.spamReporting) {
      await mkdir(path.join(dir, 'plugins'), { recursive: true });
      const file = path.join(dir, 'plugins', `mod_${SPAM_REPORTING_MODULE}.lua`);
      await writeFile(file, SPAM_REPORTING_LUA);
    }
    const certs = await makeCertificates(
      path.join(dir, 'certs'),
      [domain, mucDomain, uploadDomain],
      opts.ca,
    );
    for (let attempt = 1; !child; attempt++) {
      ports = await freePorts(opts.proxy65 ? 5 : 4);
      const [c2sPort, directTlsPort, httpPort, componentPort] = ports as [
        number,
        number,
        number,
        number,
      ];
      await writeFile(
        configPath,
        renderConfig({
          dir,
          domain,
          c2sPort,
          directTlsPort,
          httpPort,
          componentPort,
          componentSecret,
          certPath: certs.certPath,
          keyPath: certs.keyPath,
          logPath,
          mamStorage: opts.mamStorage ?? 'memory',
          smacksHibernationSeconds: opts.smacksHibernationSeconds ?? 60,
          logLevel: opts.logLevel ?? 'info',
          runAsRoot: process.getuid?.() === 0,
          withoutModules: opts.withoutModules ?? [],
          ...(opts.uploadSizeLimit !== undefined ? { uploadSizeLimit: opts.uploadSizeLimit } : {}),
          ...(opts.httpExternalUrl ? { httpExternalUrl: opts.httpExternalUrl } : {}),
          ...(opts.mucModeration ? { mucModeration: true } : {}),
          ...(opts.admins
            ? { admins: opts.admins.map((a) => (a.includes('@') ? a : `${a}@${domain}`)) }
            : {}),
          ...(opts.extraModules ? { extraModules: opts.extraModules } : {}),
          ...(opts.contactInfo ? { contactInfo: opts.contactInfo } : {}),
          ...(opts.lastActivity ? { lastActivity: true } : {}),
          ...(opts.plainVcardTemp ? { plainVcardTemp: true } : {}),
          ...(opts.allowRegistration ? { allowRegistration: true } : {}),
          ...(opts.invites ? { invites: opts.invites } : {}),
          ...(opts.mucVcard ? { mucVcard: true } : {}),
          ...(opts.spamReporting ? { spamReporting: true } : {}),
          ...(opts.turn ? { turn: opts.turn } : {}),
          ...(opts.proxy65 ? { proxy65Port: ports[4]! } : {}),
        }),
      );
      await writeFile(logPath, ''); // a fresh log per attempt, so old bind errors are not re-read
      try {
        child = await launch({
          dir,
          configPath,
          logPath,
          domain,
          c2sPort,
          directTlsPort,
          httpPort,
          componentPort,
          readyTimeoutMs: READY_TIMEOUT_MS,
        });
      } catch (err) {
        // Another process took a port between our probe and Prosody's bind: pick new ones.
        if (!(err instanceof PortInUseError) || attempt >= BIND_ATTEMPTS) throw err;
      }
    }

    const proc = child;
    let stopping: Promise<void> | undefined;
    const prosodyctl = (...args: string[]): Promise<{ stdout: string }> =>
      run(PROSODYCTL, ['--config', configPath, ...args]);

    const server: TestServer = {
      domain,
      host: '127.0.0.1',
      c2sPort: ports[0]!,
      directTlsPort: ports[1]!,
      httpPort: ports[2]!,
      mucDomain,
      uploadDomain,
      componentPort: ports[3]!,
      crowdDomain,
      ...(opts.proxy65 ? { proxy65: { domain: `proxy.${domain}`, port: ports[4]! } } : {}),
      componentSecret,
      caPem: certs.caPem,
      caPath: certs.caCertPath,
      dir,
      configPath,
      logPath,
      users: [],
      // prosodyctl writes the account straight into data_path; the running server reads
      // accounts from storage on each login, so no restart or admin shell is needed.
      async createUser(local, password) {
        if (!SAFE_LOCAL.test(local)) throw new Error(`unsupported test username: ${local}`);
        await prosodyctl('register', local, domain, password);
        return { jid: `${local}@${domain}`, local, password };
      },
      // Deletes the account; sessions already logged in stay up until they disconnect.
      async removeUser(local) {
        if (!SAFE_LOCAL.test(local)) throw new Error(`unsupported test username: ${local}`);
        await prosodyctl('deluser', `${local}@${domain}`);
      },
      async generateAccountInvite() {
        if (!opts.invites) throw new Error('start the server with `invites` to make invitations');
        const { stdout } = await prosodyctl('mod_invites', 'generate', domain);
        const uri = stdout.split('\n').find((line) => line.startsWith('xmpp:'));
        if (!uri) throw new Error(`prosodyctl printed no invitation: ${stdout}`);
        return uri.trim();
      },
      stop() {
        stopping ??= (async () => {
          await terminate(proc);
          await rm(dir, { recursive: true, force: true });
        })();
        return stopping;
      },
    };

    try {
      // Each prosodyctl is a separate Lua process; a few at a time keeps 2-core CI responsive.
      const wanted = opts.users ?? [];
      const created: TestUser[] = new Array<TestUser>(wanted.length);
      for (let i = 0; i < wanted.length; i += 4) {
        await Promise.all(
          wanted.slice(i, i + 4).map(async (u, j) => {
            created[i + j] = await server.createUser(u.local, u.password);
          }),
        );
      }
      server.users = created;
    } catch (err) {
      await server.stop();
      throw err;
    }
    return server;
  } catch (err) {
    if (child) await terminate(child);
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
