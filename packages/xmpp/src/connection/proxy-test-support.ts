import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/** A loopback TCP server for proxy tests: echoes, counts connections, closes on dispose. */
export interface EchoServer {
  port: number;
  readonly connections: number;
  close(): Promise<void>;
}

export async function startEcho(): Promise<EchoServer> {
  let connections = 0;
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    connections++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
    s.pipe(s);
  });
  await listen(server);
  return {
    port: (server.address() as AddressInfo).port,
    get connections() {
      return connections;
    },
    close: () => shut(server, sockets),
  };
}

/** A hostile "proxy": runs `behave` on each connection (answer junk, stay silent, flood). */
export async function startHostile(
  behave: (socket: Socket) => void,
): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
    behave(s);
  });
  await listen(server);
  return { port: (server.address() as AddressInfo).port, close: () => shut(server, sockets) };
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await listen(server);
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** A TCP connection to 127.0.0.1:port (what dial hands a handshake). */
export function tcp(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}

/** Writes `text` into the tunnel and resolves with what comes back (bounded by time). */
export function roundTrip(socket: Socket, text: string, timeoutMs = 2_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no echo')), timeoutMs);
    socket.once('data', (data: Buffer) => {
      clearTimeout(timer);
      resolve(data.toString('utf8'));
    });
    socket.write(text);
  });
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
}

function shut(server: Server, sockets: Set<Socket>): Promise<void> {
  for (const s of sockets) s.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}
