import { isIP, type Socket } from 'node:net';
import { SessionError } from './errors.js';

/** An account's proxy: SOCKS5 (RFC 1928/1929) or HTTP CONNECT (Basic auth). */
export interface ProxyConfig extends ProxyAuth {
  type: 'socks5' | 'http';
  host: string;
  port: number;
}

/** Where the proxy is to connect us: the XMPP server's name (or address) and port. */
export interface ProxyTarget {
  host: string;
  port: number;
}

export interface ProxyAuth {
  /** null: no authentication. */
  username: string | null;
  password: string | null;
}

/** Turns a socket connected to the proxy into a tunnel to `target`, or rejects in words. */
export type ProxyHandshake = (
  socket: Socket,
  target: ProxyTarget,
  auth: ProxyAuth,
  timeoutMs: number,
) => Promise<Socket>;

/** Conditions after which no other endpoint is tried: each would meet the same proxy. */
export const PROXY_DOWN = 'proxy-unreachable';
export const PROXY_AUTH = 'proxy-auth';

/** The proxy answered no. `auth`: it refused us (credentials), not the server we asked for. */
export function proxyRefused(reason: string, cause?: unknown, auth = false): SessionError {
  return new SessionError('proxy-failed', `Proxy refused: ${reason}`, {
    cause,
    ...(auth ? { condition: PROXY_AUTH } : {}),
  });
}

export function proxyUnreachable(reason: string, cause?: unknown): SessionError {
  return new SessionError('proxy-failed', `Proxy unreachable: ${reason}`, {
    cause,
    condition: PROXY_DOWN,
  });
}

/**
 * A target name travels in one length byte (SOCKS5) or a request line (CONNECT): printable
 * ASCII only (an internationalised domain goes as its A-label), at most 255 bytes.
 */
export function checkProxyTarget(target: ProxyTarget): void {
  const ok =
    target.host.length > 0 &&
    target.host.length <= 255 &&
    (isIP(target.host) !== 0 || /^[A-Za-z0-9.-]+$/u.test(target.host)) &&
    Number.isInteger(target.port) &&
    target.port > 0 &&
    target.port < 65536;
  if (!ok) {
    throw new SessionError(
      'proxy-failed',
      `Cannot ask the proxy for ${target.host}:${target.port}: not a host name and port`,
    );
  }
}
