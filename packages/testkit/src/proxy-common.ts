import { connect, isIP, type Server, type Socket } from 'node:net';

/** What a test proxy saw: one entry per tunnel asked for. */
export interface ProxyRequest {
  /** As the client sent it: a name (what we want: the proxy resolves it) or an IP literal. */
  host: string;
  port: number;
  /** SOCKS5 only: how the address was sent (3 = a domain name, 1 = IPv4, 4 = IPv6). */
  atyp: number | null;
}

/** A loopback-only SOCKS5 or HTTP CONNECT proxy for tests. */
export interface TestForwardProxy {
  port: number;
  /** Every TCP connection accepted, tunnel or not. */
  readonly connections: number;
  readonly requests: readonly ProxyRequest[];
  /** Stop listening and drop every connection: the proxy looks down. */
  close(): Promise<void>;
}

export interface ForwardProxyOptions {
  /** Required credentials; absent: none asked. */
  username?: string;
  password?: string;
  /** Names the proxy resolves (to 127.0.0.1); anything else that is no loopback IP is refused. */
  names?: readonly string[];
}

/** Loopback only: tests never open a path to anywhere else. */
export function loopbackAddress(host: string, names: readonly string[]): string | null {
  if (names.includes(host.toLowerCase())) return '127.0.0.1';
  if (isIP(host) === 4 && host.startsWith('127.')) return host;
  if (host === '::1') return host;
  return null;
}

/** Opens the tunnel's far side; resolves with the socket or rejects with its error code. */
export function openTarget(host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const target = connect({ host, port });
    target.once('connect', () => {
      target.off('error', reject);
      resolve(target);
    });
    target.once('error', reject);
  });
}

/** Both ways until either side ends. */
export function splice(a: Socket, b: Socket): void {
  a.pipe(b);
  b.pipe(a);
  const end = (): void => {
    a.destroy();
    b.destroy();
  };
  a.on('error', end).on('close', end);
  b.on('error', end).on('close', end);
}

export function tracker(server: Server): { sockets: Set<Socket>; close(): Promise<void> } {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return {
    sockets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
