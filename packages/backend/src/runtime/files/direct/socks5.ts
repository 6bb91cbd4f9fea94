// The SOCKS5 (RFC 1928) parts of XEP-0065 as XEP-0260 uses them. Connecting to a candidate:
// the `socks` library's CONNECT with the dst.addr hash as the host name and port 0. Being a
// candidate: a listener of our own that takes only the one hash it expects (no authentication,
// CONNECT to that name, nothing else) and hands over the socket, paused, until the session
// decides which connection carries the file.
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import { SocksClient } from 'socks';

/** A handshake taking longer than this is no peer of ours. */
const HANDSHAKE_MS = 5_000;
/** Connections a listener looks at: a candidate is tried a few times, not scanned. */
const MAX_CONNECTIONS = 16;

/** A SOCKS5 CONNECT to `host:port` for `dstaddr`; the socket is the bytestream. */
export async function socks5Connect(
  host: string,
  port: number,
  dstaddr: string,
  timeoutMs: number,
): Promise<Socket> {
  const { socket } = await SocksClient.createConnection({
    proxy: { host, port, type: 5 },
    command: 'connect',
    destination: { host: dstaddr, port: 0 },
    timeout: timeoutMs,
  });
  socket.setNoDelay(true);
  return socket;
}

/** Our own streamhost for direct candidates: one per session, closed with it. */
export class Socks5Listener {
  private server: Server | null = null;
  private accepted: Socket | null = null;
  private waiting: ((socket: Socket) => void) | null = null;
  private seen = 0;

  constructor(private readonly dstaddr: string) {}

  /** Listens on every interface (or `host`); resolves with the port. */
  async listen(host = '0.0.0.0'): Promise<number> {
    const server = createServer((socket) => this.take(socket));
    this.server = server;
    server.maxConnections = MAX_CONNECTIONS;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, host, () => resolve());
    });
    return (server.address() as AddressInfo).port;
  }

  /** The first peer connection that passed the handshake (paused), or null if none came. */
  get connection(): Socket | null {
    return this.accepted;
  }

  /** Resolves with the first good connection; waits `timeoutMs` at most. */
  waitForConnection(timeoutMs: number): Promise<Socket | null> {
    if (this.accepted) return Promise.resolve(this.accepted);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(null), timeoutMs);
      timer.unref();
      this.waiting = (socket) => {
        clearTimeout(timer);
        resolve(socket);
      };
    });
  }

  private take(socket: Socket): void {
    if (this.accepted || ++this.seen > MAX_CONNECTIONS) {
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    socket.setTimeout(HANDSHAKE_MS, () => socket.destroy());
    socks5Accept(socket, this.dstaddr).then(
      (ok) => {
        if (!ok || this.accepted) {
          socket.destroy();
          return;
        }
        socket.setTimeout(0);
        socket.pause();
        this.accepted = socket;
        this.waiting?.(socket);
      },
      () => socket.destroy(),
    );
  }

  /** Stops listening; the accepted socket is left to its user (or destroyed with `all`). */
  close(all = false): void {
    this.server?.close();
    this.server = null;
    if (all) this.accepted?.destroy();
  }
}

/**
 * The server side of the handshake: no-authentication only, CONNECT to a domain name equal to
 * `dstaddr`. True when the socket is now the bytestream; false when refused (replied to).
 */
async function socks5Accept(socket: Socket, dstaddr: string): Promise<boolean> {
  const { read, detach } = reader(socket);
  const [version, count] = await read(2);
  const methods = await read(count ?? 0);
  if (version !== 5 || !methods.includes(0)) {
    socket.end(Buffer.from([5, 0xff]));
    return false;
  }
  socket.write(Buffer.from([5, 0]));
  const [v, command, , atyp, length] = await read(5);
  const name = await read(length ?? 0);
  await read(2); // The port: 0 in XEP-0065, not checked.
  // From here on the bytes are the file's: the session reads them.
  detach();
  const ok = v === 5 && command === 1 && atyp === 3 && name.toString('latin1') === dstaddr;
  const reply = Buffer.concat([
    Buffer.from([5, ok ? 0 : 2, 0, 3, name.length]),
    name,
    Buffer.from([0, 0]),
  ]);
  socket.write(reply);
  if (!ok) socket.end();
  return ok;
}

/** Reads exactly n bytes at a time off a socket that sends nothing else meanwhile. */
function reader(socket: Socket): { read(n: number): Promise<Buffer>; detach(): void } {
  let buffered = Buffer.alloc(0);
  let want: { n: number; resolve: (b: Buffer) => void; reject: (e: Error) => void } | null = null;
  const settle = () => {
    if (!want || buffered.length < want.n) return;
    const out = buffered.subarray(0, want.n);
    buffered = buffered.subarray(want.n);
    const { resolve } = want;
    want = null;
    resolve(out);
  };
  const onData = (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    // A handshake is a few hundred bytes: more is no SOCKS5 client.
    if (buffered.length > 600) socket.destroy();
    settle();
  };
  const onClose = () => want?.reject(new Error('closed during the SOCKS5 handshake'));
  socket.on('data', onData);
  socket.once('close', onClose);
  return {
    read: (n) =>
      new Promise<Buffer>((resolve, reject) => {
        want = { n, resolve, reject };
        settle();
      }),
    detach: () => {
      // Paused first: no byte of the stream may pass while no one listens.
      socket.pause();
      socket.off('data', onData);
      socket.off('close', onClose);
      if (buffered.length > 0) socket.unshift(buffered);
    },
  };
}

/** This machine's addresses for direct candidates: its LAN IPv4 addresses, then loopback. */
export function hostAddresses(): string[] {
  const lan: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) lan.push(a.address);
  }
  return [...lan.slice(0, 4), '127.0.0.1'];
}
