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

/** Bytes and object count per (node type, constructor or name) in a heap snapshot. */
export type HeapSummary = Map<string, { bytes: number; count: number }>;

export interface NodeInspector {
  /** Full GC in the inspected process, then its V8 heap in use. */
  heapAfterGc(): Promise<number>;
  /** A heap snapshot (it collects garbage first), summed up by constructor. */
  heapSummary(): Promise<HeapSummary>;
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
  let chunks: string[] = [];
  socket.on('message', (data: Buffer) => {
    const reply = JSON.parse(data.toString()) as {
      id?: number;
      method?: string;
      params?: { chunk?: string };
      result?: Record<string, unknown>;
    };
    if (reply.method === 'HeapProfiler.addHeapSnapshotChunk')
      chunks.push(reply.params?.chunk ?? '');
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
    async heapSummary() {
      chunks = [];
      await send('HeapProfiler.takeHeapSnapshot');
      const summary = summarise(JSON.parse(chunks.join('')) as Snapshot);
      chunks = [];
      return summary;
    },
    close: () => socket.close(),
  };
}

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

function summarise({ snapshot, nodes, strings }: Snapshot): HeapSummary {
  const fields = snapshot.meta.node_fields;
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const types = snapshot.meta.node_types[0];
  const summary: HeapSummary = new Map();
  for (let i = 0; i < nodes.length; i += width) {
    const type = types[nodes[i + typeAt]!] ?? '?';
    // Strings and code by type only: their names are their contents.
    const name = type === 'object' || type === 'closure' ? strings[nodes[i + nameAt]!] : '';
    const key = `${type}${name ? ` ${name}` : ''}`;
    const entry = summary.get(key) ?? { bytes: 0, count: 0 };
    entry.bytes += nodes[i + sizeAt]!;
    entry.count++;
    summary.set(key, entry);
  }
  return summary;
}

/** The entries that grew most from `before` to `after`, by bytes. */
export function heapGrowth(before: HeapSummary, after: HeapSummary, top: number) {
  return [...after]
    .map(([key, { bytes, count }]) => ({
      what: key,
      bytes: bytes - (before.get(key)?.bytes ?? 0),
      count: count - (before.get(key)?.count ?? 0),
    }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, top);
}
