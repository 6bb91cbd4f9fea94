import { createServer } from 'node:net';
import WebSocket from 'ws';

/** A loopback port free right now (for a child's --inspect; a tiny race, fine for a bench). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

export interface NodeInspector {
  /** Full GC in the inspected process, then its V8 heap in use. */
  heapAfterGc(): Promise<number>;
  close(): void;
}

/**
 * Attaches to a Node process started with `--inspect=127.0.0.1:<port>` (DevTools protocol over
 * its WebSocket), to collect garbage there before reading its memory: RSS read right after a
 * burst still holds the garbage of the burst, and a figure that goes down is no finding either.
 */
export async function attachInspector(port: number, timeoutMs = 10_000): Promise<NodeInspector> {
  const started = Date.now();
  let url: string | undefined;
  while (!url) {
    try {
      const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{
        webSocketDebuggerUrl?: string;
      }>;
      url = targets[0]?.webSocketDebuggerUrl;
    } catch {
      // not listening yet
    }
    if (!url && Date.now() - started > timeoutMs)
      throw new Error(`no inspector on 127.0.0.1:${port}`);
    if (!url) await new Promise((r) => setTimeout(r, 100));
  }
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const waiting = new Map<number, (result: Record<string, unknown>) => void>();
  socket.on('message', (data: Buffer) => {
    const reply = JSON.parse(data.toString()) as { id?: number; result?: Record<string, unknown> };
    if (reply.id !== undefined) waiting.get(reply.id)?.(reply.result ?? {});
  });
  let nextId = 1;
  const send = (method: string): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error(`${method}: no answer from the inspector in 60 s`));
      }, 60_000);
      waiting.set(id, (result) => {
        clearTimeout(timer);
        waiting.delete(id);
        resolve(result);
      });
      socket.send(JSON.stringify({ id, method }));
    });
  await send('HeapProfiler.enable');
  return {
    async heapAfterGc() {
      await send('HeapProfiler.collectGarbage');
      await send('HeapProfiler.collectGarbage');
      const { usedSize } = (await send('Runtime.getHeapUsage')) as { usedSize: number };
      return usedSize;
    },
    close: () => socket.close(),
  };
}
