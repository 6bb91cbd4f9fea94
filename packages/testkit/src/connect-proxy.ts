import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  loopbackAddress,
  openTarget,
  splice,
  tracker,
  type ForwardProxyOptions,
  type ProxyRequest,
  type TestForwardProxy,
} from './proxy-common.js';

/**
 * A minimal HTTP CONNECT proxy on 127.0.0.1 (Basic auth when configured) that tunnels to
 * loopback only and records what each client asked for.
 */
export async function startConnectProxy(
  options: ForwardProxyOptions = {},
): Promise<TestForwardProxy> {
  const names = options.names ?? ['localhost'];
  const requests: ProxyRequest[] = [];
  let connections = 0;
  const server = createServer((_req, res) => {
    res.writeHead(405).end();
  });
  server.on('connection', () => connections++);
  const tracked = tracker(server);
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    void tunnel(req, client, head).catch(() => client.destroy());
  });

  async function tunnel(req: IncomingMessage, client: Socket, head: Buffer): Promise<void> {
    client.on('error', () => {});
    const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:]+)):(\d{1,5})$/u.exec(req.url ?? '');
    if (!match) {
      client.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    const host = match[1] ?? match[2] ?? '';
    const port = Number(match[3]);
    requests.push({ host, port, atyp: null });
    if (options.username !== undefined) {
      const expected = Buffer.from(`${options.username}:${options.password ?? ''}`).toString(
        'base64',
      );
      if (req.headers['proxy-authorization'] !== `Basic ${expected}`) {
        client.end(
          'HTTP/1.1 407 Proxy Authentication Required\r\n' +
            'Proxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n',
        );
        return;
      }
    }
    const address = loopbackAddress(host, names);
    if (!address) {
      client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    let target: Socket;
    try {
      target = await openTarget(address, port);
    } catch {
      client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length > 0) target.write(head);
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
