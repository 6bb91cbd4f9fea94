import WebSocket from 'ws';
import {
  createClient,
  type ParleyClient,
  type Result,
  type Transport,
  type WsFrame,
} from '@parley/contract';
import { tokenFromUrl, tokenProtocols } from './ws-auth.js';

/** Where to open the host's socket and the subprotocols that carry its token. */
export function hostSocket(pageUrl: string): { url: string; protocols: string[] } {
  const token = tokenFromUrl(pageUrl);
  if (!token) throw new Error('The host URL has no #token=…; use the URL the host printed');
  return {
    url: new URL('/ws', pageUrl.replace(/^http/, 'ws')).toString(),
    protocols: tokenProtocols(token),
  };
}

/**
 * A contract client over the WebSocket host, for scripts, benches and tests in Node.
 * `url` is the page URL the host printed (with its `#token=…`).
 */
export async function connectNodeClient(url: string): Promise<ParleyClient & { close(): void }> {
  const target = hostSocket(url);
  const socket = new WebSocket(target.url, target.protocols);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  // A later error is followed by 'close', which fails what is pending.
  socket.on('error', () => undefined);
  let nextId = 1;
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Set<(name: string, payload: unknown) => void>();
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as WsFrame;
    if (frame.kind === 'result') {
      pending.get(frame.id)?.(frame.result);
      pending.delete(frame.id);
    } else if (frame.kind === 'event') {
      for (const listener of listeners) listener(frame.name, frame.payload);
    }
  });
  socket.on('close', () => {
    for (const reject of pending.values()) {
      reject({ ok: false, error: { code: 'failed', message: 'connection closed' } });
    }
    pending.clear();
  });
  const transport: Transport = {
    invoke(name, payload) {
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        socket.send(JSON.stringify({ kind: 'command', id, name, payload } satisfies WsFrame));
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return Object.assign(createClient(transport), { close: () => socket.close() });
}
