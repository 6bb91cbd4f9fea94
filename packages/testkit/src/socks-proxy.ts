import { createServer, type AddressInfo, type Socket } from 'node:net';
import {
  loopbackAddress,
  openTarget,
  splice,
  tracker,
  type ForwardProxyOptions,
  type ProxyRequest,
  type TestForwardProxy,
} from './proxy-common.js';

/** A request or greeting larger than this is refused: no unbounded buffering in tests either. */
const MAX_HANDSHAKE_BYTES = 1024;

/**
 * A minimal SOCKS5 proxy (RFC 1928, CONNECT only; RFC 1929 username/password when configured)
 * on 127.0.0.1 that tunnels to loopback only. It records what each client asked for, so a
 * test can tell that a connection went through it and that it was given a name, not an IP.
 */
export async function startSocksProxy(
  options: ForwardProxyOptions = {},
): Promise<TestForwardProxy> {
  const names = options.names ?? ['localhost'];
  const requests: ProxyRequest[] = [];
  let connections = 0;
  const server = createServer((client) => {
    connections++;
    void handshake(client).catch(() => client.destroy());
  });
  const tracked = tracker(server);

  async function handshake(client: Socket): Promise<void> {
    const read = reader(client);
    const [version, methodCount] = await read(2);
    if (version !== 5) throw new Error('not SOCKS5');
    const methods = await read(methodCount ?? 0);
    const wantAuth = options.username !== undefined;
    const method = wantAuth ? 2 : 0;
    if (!methods.includes(method)) {
      client.end(Buffer.from([5, 0xff]));
      return;
    }
    client.write(Buffer.from([5, method]));
    if (wantAuth) {
      const [, userLength] = await read(2);
      const user = (await read(userLength ?? 0)).toString('utf8');
      const [passLength] = await read(1);
      const pass = (await read(passLength ?? 0)).toString('utf8');
      const good = user === options.username && pass === (options.password ?? '');
      if (!good) {
        client.end(Buffer.from([1, 1]));
        return;
      }
      client.write(Buffer.from([1, 0]));
    }
    const [, command, , atyp] = await read(4);
    let host: string;
    if (atyp === 3) {
      const [length] = await read(1);
      host = (await read(length ?? 0)).toString('latin1');
    } else if (atyp === 1) {
      host = [...(await read(4))].join('.');
    } else if (atyp === 4) {
      const raw = await read(16);
      host = (raw.toString('hex').match(/.{4}/gu) ?? []).join(':').replace(/\b0{1,3}/gu, '');
    } else {
      throw new Error('bad address type');
    }
    const port = (await read(2)).readUInt16BE(0);
    requests.push({ host, port, atyp: atyp ?? null });
    const reply = (code: number): Buffer => Buffer.from([5, code, 0, 1, 0, 0, 0, 0, 0, 0]);
    if (command !== 1) {
      client.end(reply(7));
      return;
    }
    const address = loopbackAddress(host, names);
    if (!address) {
      client.end(reply(4));
      return;
    }
    let target: Socket;
    try {
      target = await openTarget(address, port);
    } catch {
      client.end(reply(5));
      return;
    }
    client.write(reply(0));
    read.release();
    splice(client, target);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    get connections() {
      return connections;
    },
    requests,
    close: () => tracked.close(),
  };
}

/** Reads exactly n bytes at a time from a socket, bounded in total. */
function reader(socket: Socket): ((n: number) => Promise<Buffer>) & { release(): void } {
  let buffered = Buffer.alloc(0);
  let total = 0;
  let waiting: { n: number; resolve(b: Buffer): void; reject(e: Error): void } | null = null;
  const pump = (): void => {
    if (waiting && buffered.length >= waiting.n) {
      const { n, resolve } = waiting;
      waiting = null;
      const out = buffered.subarray(0, n);
      buffered = buffered.subarray(n);
      resolve(out);
    }
  };
  const onData = (chunk: Buffer): void => {
    total += chunk.length;
    if (total > MAX_HANDSHAKE_BYTES) {
      socket.destroy();
      waiting?.reject(new Error('handshake too large'));
      return;
    }
    buffered = Buffer.concat([buffered, chunk]);
    pump();
  };
  const onEnd = (): void => waiting?.reject(new Error('closed'));
  socket.on('data', onData);
  socket.on('close', onEnd);
  socket.on('error', () => {});
  const read = (n: number): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      waiting = { n, resolve, reject };
      pump();
    });
  return Object.assign(read, {
    release(): void {
      socket.off('data', onData);
      socket.off('close', onEnd);
      // Nothing is sent by a client before the reply, so nothing buffered is left over.
    },
  });
}
