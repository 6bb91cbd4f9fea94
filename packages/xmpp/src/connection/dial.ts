import { promises as dnsPromises } from 'node:dns';
import { connect as netConnect, type Socket } from 'node:net';
import type { TlsMode } from '@parley/contract';
import { SessionError, unreachableReason } from './errors.js';
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
 */
export async function endpoints(
  domain: string,
  opts: { host?: string | null; port?: number | null; tlsMode: TlsMode },
  resolveSrv: SrvResolver = defaultResolver,
): Promise<Endpoint[]> {
  const { host, port, tlsMode } = opts;
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
}

/**
 * Tries each endpoint in turn; returns a connected socket, TLS-verified when Direct TLS.
 * A certificate refusal stops the search (the user must decide), other failures move on.
 */
export async function dial(list: Endpoint[], params: DialParams): Promise<XmppSocket> {
  let last: SessionError | null = null;
  for (const ep of list) {
    try {
      const tcp = await tcpConnect(ep, params);
      if (!ep.directTls) return new XmppSocket(tcp);
      const secured = await secureSocket(tcp, { ...params, directTls: true });
      return new XmppSocket(tcp, secured);
    } catch (err) {
      last =
        err instanceof SessionError
          ? err
          : new SessionError('unknown', String(err), { cause: err });
      if (last.code === 'certificate-untrusted') throw last;
    }
  }
  throw (
    last ?? new SessionError('host-unreachable', `No server address found for ${params.domain}`)
  );
}

function tcpConnect(ep: Endpoint, params: DialParams): Promise<Socket> {
  const where = `${params.domain} (${ep.host}:${ep.port})`;
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host: ep.host, port: ep.port });
    const timer = setTimeout(() => fail(new Error('timed out')), params.timeoutMs);
    function fail(err: NodeJS.ErrnoException): void {
      clearTimeout(timer);
      socket.off('connect', onConnect);
      socket.on('error', () => {});
      socket.destroy();
      const reason = unreachableReason(err.code) ?? err.message;
      reject(
        new SessionError('host-unreachable', `Cannot reach ${where}: ${reason}`, { cause: err }),
      );
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
