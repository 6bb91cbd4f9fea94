import { SPAM_REPORTING_MODULE } from './spam-reporting-module.js';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface InviteOptions {
  /** allow_user_invites: contact invites of every user also let the invitee register. */
  userInvitesRegister?: boolean;
  /** invite_expiry in seconds (Prosody's default: a week). */
  expirySeconds?: number;
}

const INVITE_MODULES = ['adhoc', 'invites', 'invites_register', 'invites_adhoc'];

export interface ConfigInput {
  dir: string;
  domain: string;
  c2sPort: number;
  directTlsPort: number;
  httpPort: number;
  /** XEP-0114 external component listener (loopback), for the crowd component. */
  componentPort: number;
  componentSecret: string;
  certPath: string;
  keyPath: string;
  logPath: string;
  mamStorage: 'memory' | 'sql' | 'none';
  smacksHibernationSeconds: number;
  logLevel: LogLevel;
  runAsRoot: boolean;
  /** Modules left out, to play a server that lacks a feature (e.g. 'pep' for old bookmarks). */
  withoutModules: readonly string[];
  /** http_file_share_size_limit in bytes (default 1 GiB). */
  uploadSizeLimit?: number;
  /**
   * http_external_url: the base of upload URLs handed to clients (default
   * http://127.0.0.1:<httpPort>/), e.g. a name only a test proxy resolves, or a relay in front.
   * The upload component then answers requests whose Host is that URL's host name.
   */
  httpExternalUrl?: string;
  /**
   * Load mod_muc_moderation (XEP-0425, Debian's prosody-modules; it speaks :0 only) on the MUC
   * component. Off by default: only the moderation tests need it.
   */
  mucModeration?: boolean;
  /** Bare JIDs given admin rights on the VirtualHost (Prosody's `admins`); default none. */
  admins?: readonly string[];
  /** More modules to load on the VirtualHost (e.g. 'adhoc', 'admin_adhoc'); default none. */
  extraModules?: readonly string[];
  /**
   * XEP-0157 contact addresses (loads mod_server_contact_info): field name without
   * "-addresses" (admin, abuse, support, security, ...) → URIs. Default: not loaded.
   */
  contactInfo?: Readonly<Record<string, readonly string[]>>;
  /** Load mod_lastactivity (XEP-0012: a contact's last logout and status). Off by default. */
  lastActivity?: boolean;
  /**
   * Load mod_vcard_muc (Debian's prosody-modules) on the MUC component: rooms get a vcard-temp
   * (their avatar, XEP-0486) and send its photo hash in presence. Off by default.
   */
  mucVcard?: boolean;
  /**
   * Store vCard-temp (XEP-0054) as its own document with mod_vcard instead of mod_vcard_legacy's
   * mapping onto vCard4: a server where a contact can have vCard-temp but no vCard4.
   */
  plainVcardTemp?: boolean;
  /** XEP-0077: let anyone create an account in-band (allow_registration). Off by default. */
  allowRegistration?: boolean;
  /**
   * Invitations (XEP-0379 contact invites, XEP-0401 account invites): mod_invites,
   * mod_invites_register and mod_invites_adhoc (with mod_adhoc) on the VirtualHost, and in-band
   * registration open only to holders of an invitation (registration_invite_only). Off by default.
   */
  invites?: InviteOptions;
  /**
   * Take XEP-0377 spam reports (spam-reporting-module.ts, written to `<dir>/plugins`). Off by
   * default: a stock Debian Prosody does not announce urn:xmpp:reporting:1.
   */
  spamReporting?: boolean;
  /**
   * XEP-0215 TURN credentials: mod_turn_external (Prosody 0.12) hands out time-limited
   * credentials for a TURN server that shares `secret` (see coturn.ts). Off by default.
   */
  turn?: TurnOptions;
  /**
   * XEP-0065 SOCKS5 bytestreams proxy (Prosody's mod_proxy65) at proxy.<domain>, listening on
   * this loopback port. Off by default.
   */
  proxy65Port?: number;
}

export interface TurnOptions {
  secret: string;
  host: string;
  port: number;
}

/** Lua string literal; paths and domains come from us, but quote defensively anyway. */
export function lua(value: string): string {
  if ([...value].some((ch) => ch.charCodeAt(0) < 0x20))
    throw new Error(`control character in config value: ${JSON.stringify(value)}`);
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

const MODULE_NAME = /^[a-z0-9_]+$/u;
const CONTACT_KIND = /^[a-z]+$/u;

function luaList(values: readonly string[]): string {
  return `{ ${values.map(lua).join(', ')} }`;
}

/** Admins, extra modules and contact addresses of the VirtualHost (all optional). */
function hostExtras(c: ConfigInput): string {
  const modules = [...(c.extraModules ?? [])];
  for (const m of modules) if (!MODULE_NAME.test(m)) throw new Error(`bad module name: ${m}`);
  const lines: string[] = [];
  if (c.invites) {
    modules.push(...INVITE_MODULES.filter((m) => !modules.includes(m)));
    lines.push('  registration_invite_only = true');
    lines.push(`  allow_user_invites = ${c.invites.userInvitesRegister ? 'true' : 'false'}`);
    const expiry = c.invites.expirySeconds;
    if (expiry !== undefined) lines.push(`  invite_expiry = ${Math.max(1, Math.floor(expiry))}`);
  }
  if (c.contactInfo) {
    modules.push('server_contact_info');
    const entries = Object.entries(c.contactInfo).map(([kind, uris]) => {
      if (!CONTACT_KIND.test(kind)) throw new Error(`bad contact_info kind: ${kind}`);
      return `${kind} = ${luaList(uris)}`;
    });
    lines.push(`  contact_info = { ${entries.join(', ')} }`);
  }
  if (c.turn) {
    modules.push('turn_external');
    lines.push(`  turn_external_secret = ${lua(c.turn.secret)}`);
    lines.push(`  turn_external_host = ${lua(c.turn.host)}`);
    lines.push(`  turn_external_port = ${Math.floor(c.turn.port)}`);
  }
  if (modules.length > 0) lines.push(`  modules_enabled = ${luaList(modules)}`);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

const MODULES = [
  'roster',
  'saslauth',
  'tls',
  'disco',
  'carbons',
  'pep',
  'private',
  'blocklist',
  'vcard4',
  'vcard_legacy',
  'version',
  'ping',
  'register',
  'mam',
  'csi_simple',
  'smacks',
  'bookmarks',
  'time',
  'uptime',
  'http',
];

/** The modules list with the optional ones a test asked for. */
function modulesOf(c: ConfigInput): string[] {
  // Without vcard_legacy a vCard photo also stays a photo: no PEP avatar is made from it.
  const modules = c.plainVcardTemp
    ? MODULES.map((m) => (m === 'vcard_legacy' ? 'vcard' : m))
    : [...MODULES];
  if (c.lastActivity) modules.push('lastactivity');
  return modules;
}

/**
 * Render a complete prosody.cfg.lua for one throwaway server.
 *
 * Everything that would otherwise touch system paths (pidfile, data, certs,
 * logs) points into `dir`, and every listener is bound to 127.0.0.1 so
 * concurrent servers and the host's own Prosody never collide.
 */
export function renderConfig(c: ConfigInput): string {
  const mucDomain = `conference.${c.domain}`;
  const uploadDomain = `upload.${c.domain}`;
  const crowdDomain = `crowd.${c.domain}`;
  // 'none' means no archive anywhere: room archives (muc_mam) too, for throughput benches.
  const mucModules = [
    ...(c.mamStorage === 'none' ? [] : ['"muc_mam"']),
    ...(c.mucModeration ? ['"muc_moderation"'] : []),
    ...(c.mucVcard ? ['"vcard_muc"'] : []),
  ].join(', ');
  // Archive stores by *store name*: "archive" is personal MAM, "muc_log" is muc_mam.
  // Memory storage avoids the internal backend's rewrite-whole-archive slowdown (FACTS.md).
  const archiveDriver = c.mamStorage === 'sql' ? 'sql' : 'memory';
  const sqlBlock =
    c.mamStorage === 'sql'
      ? `sql = { driver = "SQLite3", database = ${lua(`${c.dir}/prosody.sqlite`)} }\n`
      : '';

  const spamModules = c.spamReporting ? [SPAM_REPORTING_MODULE] : [];
  const pluginPaths = c.spamReporting ? `plugin_paths = { ${lua(`${c.dir}/plugins`)} }\n` : '';

  return `-- Generated by @parley/testkit; throwaway server in ${c.dir}
${c.runAsRoot ? 'run_as_root = true -- without it Prosody refuses to start as root (and hangs on shutdown)\n' : ''}pidfile = ${lua(`${c.dir}/prosody.pid`)}
data_path = ${lua(`${c.dir}/data`)}
certificates = ${lua(`${c.dir}/certs`)}
ssl = { certificate = ${lua(c.certPath)}, key = ${lua(c.keyPath)} }

log = {
  { levels = { min = ${lua(c.logLevel)} }, to = "file", filename = ${lua(c.logPath)} },
  -- Prosody's console sink writes to stdout; the harness forwards it to stderr.
  { levels = { min = "error" }, to = "console" },
}

interfaces = { "127.0.0.1" }
local_interfaces = { "127.0.0.1" }
c2s_ports = { ${c.c2sPort} }
c2s_direct_tls_ports = { ${c.directTlsPort} }
http_ports = { ${c.httpPort} }
component_ports = { ${c.componentPort} }
component_interfaces = { "127.0.0.1" }
${proxy65Ports(c)}http_interfaces = { "127.0.0.1" }
https_ports = {}
https_interfaces = { "127.0.0.1" }
-- Nagle adds a ~44 ms stall right after STARTTLS on loopback.
network_settings = { nagle = false }

c2s_require_encryption = true
allow_unencrypted_plain_auth = false
authentication = "internal_hashed"
admins = ${luaList(c.admins ?? [])}
allow_registration = ${c.allowRegistration || c.invites ? 'true' : 'false'}

${pluginPaths}modules_enabled = { ${[...modulesOf(c), ...spamModules]
    .filter((m) => c.mamStorage !== 'none' || m !== 'mam')
    .filter((m) => !c.withoutModules.includes(m))
    .map(lua)
    .join(', ')} }
-- s2s (and its cert-auth helper) are autoloaded; tests never federate.
-- Offline storage is off so that what a client missed reaches it only through MAM, the path
-- a modern client must get right (with it on, the same messages come twice and are deduped).
modules_disabled = { "s2s", "s2s_auth_certs", "dialback", "offline" }

archive_expires_after = "never"
-- The memory archive refuses new items past 1,000 per user by default, and MAM pages are
-- capped at 50: raise both so tests and benches can fill and page large archives.
storage_archive_item_limit = 1000000
max_archive_query_results = 250
default_archive_policy = true
muc_log_expires_after = "never"
storage = { archive = ${lua(archiveDriver)}, muc_log = ${lua(archiveDriver)} }
${sqlBlock}
smacks_hibernation_time = ${c.smacksHibernationSeconds}

http_default_host = ${lua(uploadDomain)} -- otherwise upload PUT/GET answer 404
http_external_url = ${lua(c.httpExternalUrl ?? `http://127.0.0.1:${c.httpPort}/`)}

VirtualHost ${lua(c.domain)}
${hostExtras(c)}
Component ${lua(mucDomain)} "muc"
  modules_enabled = { ${mucModules} }
  -- Prosody's defaults, stated because tests rely on them: restrict_room_creation is unset
  -- (any JID may create a room, local users and the crowd component alike); a new room is
  -- locked (201) until its owner submits the instant form; rooms are not persistent (destroyed
  -- when the last occupant leaves); 0.12's mod_muc has no occupant limit, and mod_limits (rate
  -- limits) is not loaded, so no limit stops a 2,000-occupant room (Prosody's own ~N² presence
  -- work for N joins does slow it: crowd-seed.ts).
  -- Public by default, as on most public services (Prosody's default is hidden), so
  -- disco#items lists new rooms.
  muc_room_default_public = true
  -- max_history_messages is unset (unlimited): a room's own history length (Prosody's 20,
  -- settable per room with muc#roomconfig_historylength) is what caps history on join.
  -- A destroyed persistent room leaves a tombstone (Prosody's default): joining it fails.

-- An external component (XEP-0114) on loopback: one connection that speaks for any number of
-- JIDs at its domain, so a bench can fill a room with thousands of occupants cheaply.
Component ${lua(crowdDomain)}
  component_secret = ${lua(c.componentSecret)}

${proxy65Component(c)}Component ${lua(uploadDomain)} "http_file_share"
  http_file_share_size_limit = ${Math.floor(c.uploadSizeLimit ?? 1024 * 1024 * 1024)}
  http_file_share_daily_quota = ${100 * 1024 * 1024 * 1024}
${c.httpExternalUrl ? `  http_host = ${lua(new URL(c.httpExternalUrl).hostname)} -- the Host its URLs name\n` : ''}`;
}

/** mod_proxy65's listener (a global setting, so before any host section). */
function proxy65Ports(c: ConfigInput): string {
  if (c.proxy65Port === undefined) return '';
  return `proxy65_ports = { ${Math.floor(c.proxy65Port)} }\nproxy65_interfaces = { "127.0.0.1" }\n`;
}

/** XEP-0065: the SOCKS5 bytestreams proxy at proxy.<domain>; the streamhost it names is 127.0.0.1. */
function proxy65Component(c: ConfigInput): string {
  if (c.proxy65Port === undefined) return '';
  return `Component ${lua(`proxy.${c.domain}`)} "proxy65"
  proxy65_address = "127.0.0.1"

`;
}
