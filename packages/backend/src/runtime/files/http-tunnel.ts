import type { ClientRequestArgs } from 'node:http';
import { connect, isIP, type Socket } from 'node:net';
import tls from 'node:tls';
import {
  SessionError,
  httpConnectHandshake,
  proxyUnreachable,
  socks5Handshake,
  unreachableReason,
  type ProxyConfig,
} from '@parley/xmpp';

/** The same handshakes as the account's XMPP connection (packages/xmpp connection/dial.ts). */
const HANDSHAKES = { socks5: socks5Handshake, http: httpConnectHandshake } as const;

/** `http.request`'s `createConnection`: it may answer later, through its callback. */
export type CreateConnection = NonNullable<ClientRequestArgs['createConnection']>;

/** Thrown when the transfer's signal ends the tunnel before it is up (cancel or stall). */
function aborted(): Error {
  return Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
}

/**
 * A TCP tunnel through `proxy` to `host:port`. The host goes to the proxy as it is (a name
 * stays a name, SOCKS5 ATYP domain): nothing is looked up here, so neither the file host nor
 * our address leaks to the local resolver. Any proxy failure rejects with a SessionError
 * ('proxy-failed', "Proxy unreachable: …" / "Proxy refused: …"); the caller never falls back
 * to a direct connection. `signal` destroys the tunnel at any point before it is handed over.
 */
export function openTunnel(
  proxy: ProxyConfig,
  target: { host: string; port: number },
  timeoutMs: number,
  signal: AbortSignal,
): Promise<Socket> {
  return new Promise<Socket>((resolve, reject) => {
    if (signal.aborted) {
      reject(aborted());
      return;
    }
    const kind = proxy.type === 'socks5' ? 'SOCKS5' : 'HTTP';
    const socket = connect({ host: proxy.host, port: proxy.port });
    socket.setNoDelay(true);
    let settled = false;
    const finish = (error: Error | null, tunnel?: Socket): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      if (error) {
        socket.on('error', noop);
        socket.destroy();
        reject(error);
      } else resolve(tunnel!);
    };
    const onAbort = (): void => finish(aborted());
    signal.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(
      () => finish(proxyUnreachable(`${kind} proxy ${proxy.host}:${proxy.port}: timed out`)),
      timeoutMs,
    );
    socket.once('error', (error: NodeJS.ErrnoException) => {
      const reason = unreachableReason(error.code) ?? error.message;
      finish(proxyUnreachable(`${kind} proxy ${proxy.host}:${proxy.port}: ${reason}`, error));
    });
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      socket.on('error', noop);
      HANDSHAKES[proxy.type](
        socket,
        target,
        { username: proxy.username, password: proxy.password },
        timeoutMs,
      ).then(
        (tunnel) => {
          // Cancelled while the proxy answered: the tunnel is not handed over, so close it here.
          if (settled) tunnel.destroy();
          else finish(null, tunnel);
        },
        (error: unknown) =>
          finish(
            error instanceof SessionError
              ? error
              : new SessionError('proxy-failed', `Proxy refused: ${String(error)}`, {
                  cause: error,
                }),
          ),
      );
    });
  });
}

/**
 * `createConnection` for one request of `url` through `proxy`: the tunnel, then for https TLS
 * over it, verified as https.request verifies (the system's CAs plus the dev/test one, the
 * certificate's name against the URL's host, never unverified).
 */
export function proxiedConnection(
  url: URL,
  proxy: ProxyConfig,
  ca: string[] | undefined,
  timeoutMs: number,
  signal: AbortSignal,
): CreateConnection {
  const host = url.hostname.replace(/^\[(.*)\]$/u, '$1');
  const secure = url.protocol === 'https:';
  const port = url.port !== '' ? Number(url.port) : secure ? 443 : 80;
  return (_options, callback) => {
    openTunnel(proxy, { host, port }, timeoutMs, signal).then(
      (tunnel) => {
        if (!secure) {
          callback(null, tunnel);
          return;
        }
        const secured = tls.connect({
          socket: tunnel,
          host,
          // SNI carries names only (RFC 6066 §3).
          ...(isIP(host) === 0 ? { servername: host } : {}),
          ...(ca ? { ca } : {}),
          rejectUnauthorized: true,
          ALPNProtocols: ['http/1.1'],
        });
        // The request destroys what it was given; the tunnel below goes with it.
        secured.once('close', () => tunnel.destroy());
        callback(null, secured);
      },
      // Node's callback takes an error alone (its typing insists on a socket).
      (error: Error) => (callback as (error: Error) => void)(error),
    );
    return undefined;
  };
}

function noop(): void {}
