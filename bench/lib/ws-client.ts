import WebSocket from 'ws';
import { hostSocket } from '@parley/backend';
import type { Result, WsFrame } from '@parley/contract';

export interface WsCall {
  result: Result<unknown>;
  /** Size of the result frame as sent (JSON text). */
  bytes: number;
  /** Send → result frame parsed, on this Node process's clock. */
  ms: number;
}

export interface WsClient {
  call(name: string, payload: unknown, timeoutMs?: number): Promise<WsCall>;
  close(): void;
}

/**
 * A minimal client of the dev/test host's WebSocket protocol, to call commands from a bench.
 * `pageUrl` is the URL the host printed: its `#token=…` authenticates the socket.
 */
export async function connectWs(pageUrl: string): Promise<WsClient> {
  const target = hostSocket(pageUrl);
  const url = new URL(target.url);
  const socket = new WebSocket(url, target.protocols);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no WebSocket to ${url.href}`)), 10_000);
    socket.once('open', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
  type ResultFrame = Extract<WsFrame, { kind: 'result' }>;
  const waiting = new Map<number, (frame: ResultFrame, bytes: number) => void>();
  socket.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString()) as WsFrame;
    if (frame.kind === 'result') waiting.get(frame.id)?.(frame, data.byteLength);
  });
  let nextId = 1;
  return {
    call(name, payload, timeoutMs = 30_000) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`${name}: no result in ${timeoutMs} ms`));
        }, timeoutMs);
        const started = performance.now();
        waiting.set(id, (frame, bytes) => {
          const ms = performance.now() - started;
          clearTimeout(timer);
          waiting.delete(id);
          resolve({ result: frame.result, bytes, ms });
        });
        const command: WsFrame = { kind: 'command', id, name, payload };
        socket.send(JSON.stringify(command));
      });
    },
    close: () => socket.close(),
  };
}
