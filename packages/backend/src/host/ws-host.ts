import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Result, WsFrame } from '@parley/contract';
import type { Backend } from '../backend.js';
import { staticHandler } from './static-files.js';
import { HOST_PROTOCOL, checkHandshake, checkHost, newHostToken, type Refusal } from './ws-auth.js';

export interface WsHostOptions {
  backend: Backend;
  /** Built renderer to serve (apps/desktop/dist-web); omit to serve only the socket. */
  staticRoot?: string;
  port?: number;
  host?: '127.0.0.1' | '::1';
  /** The token clients must offer; a random one per start when omitted. */
  token?: string;
  /** Clients connected at once (windows, tests); more are refused with 503. */
  maxClients?: number;
}

export interface WsHost {
  /** The page to open: the host's origin with `#token=…` for the renderer to pick up. */
  url: string;
  /** http://127.0.0.1:PORT, what a browser sends as Origin. */
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/**
 * One command per frame. The largest is files.send with a file's bytes in base64 (the browser
 * host's path; 64 MiB of file at most by the contract), so frames may be that big; a larger one
 * is refused by its header (close 1009) before any of it is buffered. The contract still bounds
 * every field once parsed.
 */
const maxFrameBytes = 96 * 1024 * 1024;

/** A handful of windows and test clients; each holds a backend subscription and buffers. */
const defaultMaxClients = 16;

/**
 * Results and events queued for a client that does not read them: past this the client is cut
 * off rather than letting the queue grow with every event the backend emits.
 */
const maxUnreadBytes = 256 * 1024 * 1024;

/**
 * Dev/test transport: the same backend over a WebSocket on loopback, for the token holder only
 * (see ws-auth.ts). Nothing a client sends may end the process: every refusal is an HTTP status
 * or a WebSocket close code with a reason.
 */
export async function startWsHost(options: WsHostOptions): Promise<WsHost> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? newHostToken();
  const serveStatic = options.staticRoot ? staticHandler(options.staticRoot) : null;
  let port = 0;
  const server: Server = createServer((req, res) => {
    const refusal = checkHost(req.headers, port);
    if (refusal) {
      res.writeHead(refusal.status, { 'Content-Type': 'text/plain' }).end(refusal.reason);
    } else if (serveStatic) {
      void serveStatic(req, res);
    } else {
      res.writeHead(404).end();
    }
  });
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: maxFrameBytes,
    // The token rides along as a second subprotocol; we only ever answer with this one.
    handleProtocols: (offered) => (offered.has(HOST_PROTOCOL) ? HOST_PROTOCOL : false),
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A peer resetting mid-handshake must not become an unhandled 'error'.
    socket.on('error', () => socket.destroy());
    const path = req.url?.split('?')[0];
    const refusal: Refusal | null =
      path === '/ws' ? checkHandshake(req.headers, port, token) : { status: 403, reason: '' };
    if (refusal) {
      refuse(socket, refusal);
      return;
    }
    if (wss.clients.size >= (options.maxClients ?? defaultMaxClients)) {
      refuse(socket, { status: 503, reason: 'Too many clients are connected' });
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws, options.backend));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://${host === '::1' ? '[::1]' : host}:${port}`;
  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
      }),
  };
}

const statusText: Record<Refusal['status'], string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  503: 'Service Unavailable',
};

function refuse(socket: Duplex, { status, reason }: Refusal): void {
  const body = reason ? `${reason}\n` : '';
  socket.end(
    `HTTP/1.1 ${status} ${statusText[status]}\r\nConnection: close\r\n` +
      `Content-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function attach(ws: WebSocket, backend: Backend): void {
  const send = (frame: WsFrame) => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > maxUnreadBytes) {
      ws.terminate();
      return;
    }
    ws.send(JSON.stringify(frame));
  };
  const unsubscribe = backend.onEvent((name, payload) => send({ kind: 'event', name, payload }));
  ws.on('close', unsubscribe);
  // A malformed or oversized frame: ws has already closed with 1002/1007/1009; without this
  // listener the error would end the process.
  ws.on('error', () => ws.terminate());
  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (isBinary) {
      ws.close(1003, 'Only text frames (JSON) are accepted');
      return;
    }
    let frame: unknown;
    try {
      frame = JSON.parse(rawText(data));
    } catch {
      ws.close(1007, 'A frame must be JSON');
      return;
    }
    if (!isCommandFrame(frame)) {
      ws.close(1008, 'Expected {"kind":"command","id":<integer>,"name":…,"payload":…}');
      return;
    }
    backend
      .handle(frame.name, frame.payload)
      .catch((): Result<unknown> => ({
        ok: false,
        error: { code: 'failed', message: 'The command failed' },
      }))
      .then((result) => send({ kind: 'result', id: frame.id, result }));
  });
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}

function isCommandFrame(frame: unknown): frame is { id: number; name: unknown; payload: unknown } {
  return (
    typeof frame === 'object' &&
    frame !== null &&
    (frame as { kind?: unknown }).kind === 'command' &&
    Number.isSafeInteger((frame as { id?: unknown }).id)
  );
}
