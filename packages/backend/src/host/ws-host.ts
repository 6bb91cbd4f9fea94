import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { WsFrame } from '@parley/contract';
import type { Backend } from '../backend.js';
import { staticHandler } from './static-files.js';

export interface WsHostOptions {
  backend: Backend;
  /** Built renderer to serve (apps/desktop/dist-web); omit to serve only the socket. */
  staticRoot?: string;
  port?: number;
  host?: '127.0.0.1' | '::1';
}

export interface WsHost {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * One command per frame. The largest is files.send with a file's bytes in base64 (the browser
 * host's path; 64 MiB of file at most by the contract), so frames may be that big; the contract
 * still bounds every field once parsed.
 */
const maxFrameBytes = 96 * 1024 * 1024;

/**
 * Dev/test transport: the same backend over a WebSocket on loopback. Browsers send an Origin
 * header, so a page from any other origin (cross-site WebSocket hijacking) is refused.
 */
export async function startWsHost(options: WsHostOptions): Promise<WsHost> {
  const host = options.host ?? '127.0.0.1';
  const serveStatic = options.staticRoot ? staticHandler(options.staticRoot) : null;
  const server: Server = createServer((req, res) => {
    if (serveStatic) void serveStatic(req, res);
    else res.writeHead(404).end();
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxFrameBytes });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://host');
    const origin = req.headers.origin;
    if (url.pathname !== '/ws' || (origin && new URL(origin).host !== req.headers.host)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws, options.backend));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const hostText = host === '::1' ? '[::1]' : host;
  return {
    url: `http://${hostText}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
      }),
  };
}

function attach(ws: WebSocket, backend: Backend): void {
  const send = (frame: WsFrame) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };
  const unsubscribe = backend.onEvent((name, payload) => send({ kind: 'event', name, payload }));
  ws.on('close', unsubscribe);
  ws.on('message', (data) => {
    let frame: unknown;
    try {
      frame = JSON.parse(data.toString());
    } catch {
      return; // Not JSON: nothing to answer to.
    }
    if (!isCommandFrame(frame)) return;
    void backend.handle(frame.name, frame.payload).then((result) => {
      send({ kind: 'result', id: frame.id, result });
    });
  });
}

function isCommandFrame(frame: unknown): frame is { id: number; name: unknown; payload: unknown } {
  return (
    typeof frame === 'object' &&
    frame !== null &&
    (frame as { kind?: unknown }).kind === 'command' &&
    Number.isSafeInteger((frame as { id?: unknown }).id)
  );
}
