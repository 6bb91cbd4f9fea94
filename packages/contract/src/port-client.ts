import type { Transport } from './client.js';
import type { Result } from './result.js';
import { BACKEND_GONE, BACKEND_RESTARTED, encodeRequest, parseBackendFrame } from './port.js';

/** Same words as the renderer's LinkStatus (ws-transport.ts). */
export type PortLinkStatus = 'connecting' | 'open' | 'closed';

/** What the client sends on; the caller feeds what arrives to the receiver attach returns. */
export interface PortEnd {
  post(text: string): void;
  close?(): void;
}

export interface PortClient extends Transport {
  /**
   * Talk over `port` from now on. Calls in flight on an earlier port are answered with
   * BACKEND_RESTARTED (their outcome is unknown); calls made while no port was attached go now.
   * Returns the function to feed that port's incoming messages to.
   */
  attach(port: PortEnd): (data: unknown) => void;
  /** The backend went away: calls in flight fail; new calls wait for the next port. */
  detach(): void;
  status(): PortLinkStatus;
  onStatus(listener: (status: PortLinkStatus) => void): () => void;
  /** For good: every call waiting or in flight fails with BACKEND_GONE. */
  close(): void;
}

/** Calls made while the backend restarts wait; more than this are refused at once. */
const MAX_WAITING = 1_000;

/**
 * The contract's Transport over a replaceable port: the preload's (a MessagePort to the
 * backend's utility process, a new one after each restart) and Node tests' (a child's IPC).
 */
export function createPortClient(): PortClient {
  let port: PortEnd | null = null;
  let status: PortLinkStatus = 'connecting';
  let closed = false;
  let nextId = 1;
  const pending = new Map<number, (result: Result<unknown>) => void>();
  let waiting: { text: string; id: number }[] = [];
  const eventListeners = new Set<(name: string, payload: unknown) => void>();
  const statusListeners = new Set<(status: PortLinkStatus) => void>();

  const setStatus = (next: PortLinkStatus): void => {
    if (next === status) return;
    status = next;
    for (const listener of [...statusListeners]) listener(next);
  };
  const failInFlight = (error: typeof BACKEND_RESTARTED): void => {
    const sent = new Set(waiting.map((w) => w.id));
    for (const [id, resolve] of [...pending]) {
      if (sent.has(id)) continue;
      pending.delete(id);
      resolve({ ok: false, error });
    }
  };
  const receive = (data: unknown): void => {
    const frame = parseBackendFrame(data);
    if (!frame) return;
    if (frame.kind === 'event') {
      for (const listener of [...eventListeners]) {
        try {
          listener(frame.event, frame.payload);
        } catch (error) {
          console.error('event listener failed', frame.event, error);
        }
      }
      return;
    }
    if (frame.id === null) {
      console.error('the backend refused a frame', frame.result);
      return;
    }
    const resolve = pending.get(frame.id);
    pending.delete(frame.id);
    resolve?.(frame.result);
  };

  return {
    invoke(name, payload) {
      if (closed) return Promise.resolve({ ok: false, error: BACKEND_GONE });
      if (!port && waiting.length >= MAX_WAITING) {
        return Promise.resolve({ ok: false, error: BACKEND_GONE });
      }
      const id = nextId++;
      const text = encodeRequest({ id, name, payload });
      return new Promise<Result<unknown>>((resolve) => {
        pending.set(id, resolve);
        if (port) port.post(text);
        else waiting.push({ text, id });
      });
    },
    subscribe(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    attach(next) {
      if (closed) {
        next.close?.();
        return () => undefined;
      }
      const previous = port;
      port = next;
      if (previous) {
        failInFlight(BACKEND_RESTARTED);
        previous.close?.();
      }
      const queued = waiting;
      waiting = [];
      for (const call of queued) next.post(call.text);
      setStatus('open');
      return (data) => {
        if (port === next) receive(data);
      };
    },
    detach() {
      if (!port) return;
      const previous = port;
      port = null;
      failInFlight(BACKEND_RESTARTED);
      previous.close?.();
      if (!closed) setStatus('closed');
    },
    status: () => status,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    close() {
      closed = true;
      const previous = port;
      port = null;
      waiting = [];
      failInFlight(BACKEND_GONE);
      for (const [id, resolve] of [...pending]) {
        pending.delete(id);
        resolve({ ok: false, error: BACKEND_GONE });
      }
      previous?.close?.();
      setStatus('closed');
    },
  };
}
