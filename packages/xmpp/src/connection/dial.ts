import { promises as dnsPromises } from 'node:dns';
import { connect as netConnect, type Socket } from 'node:net';
import type { TlsMode } from '@parley/contract';
import { SessionError, unreachableReason } from './errors.js';
import { httpConnectHandshake } from './proxy-http.js';
import { PROXY_AUTH, PROXY_DOWN, proxyUnreachable, type ProxyConfig } from './proxy-shared.js';
import { socks5Handshake } from './proxy-socks.js';
import { XmppSocket } from './socket.js';
import { secureSocket } from './tls.js';
import type { Trust } from './certificate.js';

export interface Endpoint {
  host: string;
  port: number;
  /** XEP-0368: TLS from the first byte, instead of STARTTLS. */
  directTls: boolean;
}

export interface SrvRecord {
  name: string;
  port: number;
  priority: number;
  weight: number;
}
export type SrvResolver = (name: string) => Promise<SrvRecord[]>;

const defaultResolver: SrvResolver = (name) => dnsPromises.resolveSrv(name);

/**
 * Where to connect, in order. An explicit host wins over DNS. Otherwise (XEP-0368) the
 * _xmpps-client (Direct TLS) and _xmpp-client (STARTTLS) SRV records are merged by priority,
 * and with no record at all we fall back to the domain itself on the default port.
 * Behind a proxy nothing is looked up here: the proxy resolves the name (Tor cannot answer SRV
 * queries, and a local lookup would tell the resolver which server we use).
 */
export async function endpoints(
  domain: string,
  opts: {
    host?: string | null;
    port?: number | null;
    tlsMode: TlsMode;
    proxy?: ProxyConfig | null;
  },
  resolveSrv: SrvResolver = defaultResolver,
): Promise<Endpoint[]> {
  const { port, tlsMode } = opts;
  const host = opts.host || (opts.proxy ? domain : null);
  if (host) {
    if (tlsMode === 'direct') return [{ host, port: port ?? 5223, directTls: true }];
    if (tlsMode === 'starttls' || port) return [{ host, port: port ?? 5222, directTls: false }];
    return [
      { host, port: 5223, directTls: true },
      { host, port: 5222, directTls: false },
    ];
  }

  const lookups: Promise<(SrvRecord & { directTls: boolean })[]>[] = [];
  if (tlsMode !== 'starttls') lookups.push(srv(resolveSrv, `_xmpps-client._tcp.${domain}`, true));
  if (tlsMode !== 'direct') lookups.push(srv(resolveSrv, `_xmpp-client._tcp.${domain}`, false));
  const records = (await Promise.all(lookups))
    .flat()
    // RFC 2782: lowest priority first; higher weight first within a priority (no randomness:
    // a client retrying the same order is easier to reason about than a fair spread).
    .sort((a, b) => a.priority - b.priority || b.weight - a.weight);
  if (records.length > 0) {
    return records.map((r) => ({ host: r.name, port: r.port, directTls: r.directTls }));
  }
  return tlsMode === 'direct'
    ? [{ host: domain, port: port ?? 5223, directTls: true }]
    : [{ host: domain, port: port ?? 5222, directTls: false }];
}

async function srv(resolveSrv: SrvResolver, name: string, directTls: boolean) {
  try {
    const records = await resolveSrv(name);
    // A target of "." means "this service is decidedly not available at this domain".
    return records.filter((r) => r.name !== '' && r.name !== '.').map((r) => ({ ...r, directTls }));
  } catch {
    // NXDOMAIN, no data, or a broken resolver: all mean "use the fallback".
    return [];
  }
}

export interface DialParams {
  domain: string;
  trust: Trust;
  timeoutMs: number;
  /** Set: every endpoint is reached through it, and a failing proxy is never bypassed. */
  proxy?: ProxyConfig | null;
}

/**
 * Tries each endpoint in turn; returns a connected socket, TLS-verified when Direct TLS.
 * A certificate refusal stops the search (the user must decide), other failures move on.
 */
export async function dial(list: Endpoint[], params: DialParams): Promise<XmppSocket> {
  let last: SessionError | null = null;
  for (const ep of list) {
    try {
      const tcp = params.proxy
        ? await proxyConnect(ep, params, params.proxy)
        : await tcpConnect(ep, params);
      if (!ep.directTls) return new XmppSocket(tcp);
      const secured = await secureSocket(tcp, { ...params, directTls: true });
      return new XmppSocket(tcp, secured);
    } catch (err) {
      last =
        err instanceof SessionError
          ? err
          : new SessionError('unknown', String(err), { cause: err });
      if (last.code === 'certificate-untrusted') throw last;
      // Every other endpoint would go through the same dead proxy or be refused the same way.
      if (last.condition === PROXY_DOWN || last.condition === PROXY_AUTH) throw last;
    }
  }
  throw (
    last ?? new SessionError('host-unreachable', `No server address found for ${params.domain}`)
  );
}

const HANDSHAKES = { socks5: socks5Handshake, http: httpConnectHandshake } as const;

/** A tunnel to the endpoint through the proxy; any failure is 'proxy-failed' in words. */
async function proxyConnect(ep: Endpoint, params: DialParams, proxy: ProxyConfig): Promise<Socket> {
  const kind = proxy.type === 'socks5' ? 'SOCKS5' : 'HTTP';
  const socket = await tcpConnect(
    { host: proxy.host, port: proxy.port, directTls: false },
    params,
    (reason, err) => proxyUnreachable(`${kind} proxy ${proxy.host}:${proxy.port}: ${reason}`, err),
  );
  try {
    return await HANDSHAKES[proxy.type](
      socket,
      { host: ep.host, port: ep.port },
      { username: proxy.username, password: proxy.password },
      params.timeoutMs,
    );
  } catch (err) {
    socket.destroy();
    throw err instanceof SessionError
      ? err
      : new SessionError('proxy-failed', String(err), { cause: err });
  }
}

function tcpConnect(
  ep: Endpoint,
  params: DialParams,
  failure: (reason: string, err: Error) => SessionError = (reason, err) =>
    new SessionError(
      'host-unreachable',
      `Cannot reach ${params.domain} (${ep.host}:${ep.port}): ${reason}`,
      { cause: err },
    ),
): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host: ep.host, port: ep.port });
    const timer = setTimeout(() => fail(new Error('timed out')), params.timeoutMs);
    function fail(err: NodeJS.ErrnoException): void {
      clearTimeout(timer);
      socket.off('connect', onConnect);
      socket.on('error', () => {});
      socket.destroy();
      const reason = unreachableReason(err.code) ?? err.message;
      reject(failure(reason, err));
    }
    function onConnect(): void {
      clearTimeout(timer);
      socket.off('error', fail);
      // Until XmppSocket/TLS take over (a microtask later) nothing else listens for errors.
      socket.on('error', () => {});
      // Without this, Nagle + delayed ACK add ~40 ms to every small stanza round trip.
      socket.setNoDelay(true);
      // Lets the OS notice a dead peer even if our own keepalive is suspended (sleep).
      socket.setKeepAlive(true, 60_000);
      resolve(socket);
    }
    socket.once('connect', onConnect);
    socket.once('error', fail);
  });
}
