import type { Socket } from 'node:net';
import { SocksClient, SocksClientError } from 'socks';
import { SessionError } from './errors.js';
import { checkProxyTarget, proxyRefused, type ProxyHandshake } from './proxy-shared.js';

/** RFC 1928 §6 reply codes, in words. */
const REPLY_WORDS: Record<string, string> = {
  Failure: 'general failure',
  NotAllowed: 'not allowed by its rules',
  NetworkUnreachable: 'network unreachable from the proxy',
  HostUnreachable: 'server unreachable from the proxy',
  ConnectionRefused: 'the server refused the connection',
  TTLExpired: 'TTL expired',
  CommandNotSupported: 'command not supported',
  AddressNotSupported: 'address type not supported',
};

/**
 * SOCKS5 (RFC 1928) CONNECT on a socket already connected to the proxy, with RFC 1929
 * username/password when given. The target is always sent as a name (ATYP 3, "domain"), so
 * the proxy resolves it: Tor works and no DNS query for the server leaves this machine.
 * Resolves with the same socket, now a tunnel to the target; rejects with a SessionError
 * ('proxy-failed', in words) and destroys the socket.
 */
export const socks5Handshake: ProxyHandshake = async (socket, target, auth, timeoutMs) => {
  checkProxyTarget(target);
  if (auth.username !== null) {
    // RFC 1929: one length byte each.
    if (Buffer.byteLength(auth.username) > 255 || Buffer.byteLength(auth.password ?? '') > 255) {
      socket.destroy();
      throw proxyRefused('the proxy user name and password are limited to 255 bytes each');
    }
  }
  try {
    const { socket: tunnel } = await SocksClient.createConnection({
      proxy: {
        // Already connected: these only satisfy the library's checks.
        host: socket.remoteAddress ?? '127.0.0.1',
        port: socket.remotePort ?? 1080,
        type: 5,
        ...(auth.username !== null ? { userId: auth.username, password: auth.password ?? '' } : {}),
      },
      command: 'connect',
      destination: { host: target.host, port: target.port },
      timeout: timeoutMs,
      existing_socket: socket,
    });
    return tunnel as Socket;
  } catch (err) {
    socket.destroy();
    throw socksFailure(err);
  }
};

function socksFailure(err: unknown): SessionError {
  const message = err instanceof SocksClientError || err instanceof Error ? err.message : '';
  if (/Authentication failed/i.test(message)) {
    return proxyRefused('wrong proxy user name or password', err, true);
  }
  if (/no accepted authentication type/i.test(message)) {
    return proxyRefused(
      'it accepts none of our ways to sign in (user name and password?)',
      err,
      true,
    );
  }
  const rejected = /rejected connection - (\w+)/.exec(message);
  if (rejected) {
    return proxyRefused(REPLY_WORDS[rejected[1] ?? ''] ?? 'connection refused', err);
  }
  if (/timed out/i.test(message)) return proxyRefused('no answer in time', err);
  if (/Socket closed/i.test(message)) return proxyRefused('it closed the connection', err);
  if (/invalid/i.test(message))
    return proxyRefused('it is not a SOCKS5 proxy (invalid answer)', err);
  return proxyRefused(message || 'SOCKS5 handshake failed', err);
}
