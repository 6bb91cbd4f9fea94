import type { Result, Transport, WsFrame } from '@parley/contract';
import { tFor } from '../i18n';

const t = tFor('common');

/** State of the link to the backend, shown to the user when it is not 'open'. */
export type LinkStatus = 'connecting' | 'open' | 'closed';

export interface LinkMonitor {
  status(): LinkStatus;
  /** Called on every change; 'open' after a 'closed' means events may have been missed. */
  onStatus(listener: (status: LinkStatus) => void): () => void;
}

export interface WsTransport extends Transport, LinkMonitor {
  /** Stop for good: no more reconnects, pending calls are rejected. */
  close(): void;
}

export interface WsTransportOptions {
  /** The host's per-start token (see hostToken); offered as a subprotocol on every connect. */
  token?: string | null;
  /** Injected in tests. */
  WebSocket?: typeof WebSocket;
  minDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
}

export class BackendUnavailable extends Error {
  // In words for the user: forms show it when a call fails for want of the backend.
  constructor(message = t('Lost the connection to the Parley backend')) {
    super(message);
    this.name = 'BackendUnavailable';
  }
}

interface Pending {
  resolve: (result: Result<unknown>) => void;
  reject: (error: Error) => void;
}

// Must match packages/backend/src/host/ws-auth.ts: the host picks `parley` and checks the token.
const HOST_PROTOCOL = 'parley';
const TOKEN_PROTOCOL_PREFIX = 'parley-token.';
const TOKEN_KEY = 'parley.hostToken';

/** The subprotocols that carry the host token (none without one: the host will refuse). */
export function hostProtocols(token: string | null | undefined): string[] {
  return token ? [HOST_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`] : [];
}

type TokenWindow = {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  history: Pick<History, 'replaceState' | 'state'>;
  sessionStorage: Pick<Storage, 'getItem' | 'setItem'>;
};

/**
 * The host's token: from the `#token=…` the host printed, kept for this tab (a reload still
 * works) and taken out of the address bar so it is not shared by copying the URL.
 */
export function hostToken(win: TokenWindow): string | null {
  const fromHash = new URLSearchParams(win.location.hash.replace(/^#/, '')).get('token');
  if (fromHash && /^[A-Za-z0-9_-]{16,128}$/.test(fromHash)) {
    try {
      win.sessionStorage.setItem(TOKEN_KEY, fromHash);
      win.history.replaceState(win.history.state, '', win.location.pathname + win.location.search);
    } catch {
      // Storage or history unavailable: the token still works for this page's life.
    }
    return fromHash;
  }
  try {
    return win.sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

/** ws(s)://<host>/ws of the page that served us. */
export function defaultWsUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

/**
 * The browser transport of the dev/test host: WsFrame JSON over one WebSocket.
 * Reconnects with bounded exponential backoff; calls in flight when the socket closes are
 * rejected (their outcome is unknown), calls made while reconnecting wait for the next socket.
 */
export function createWsTransport(url: string, options: WsTransportOptions = {}): WsTransport {
  const Ws = options.WebSocket ?? WebSocket;
  const minDelay = options.minDelayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 10_000;
  const random = options.random ?? Math.random;
  const protocols = hostProtocols(options.token);

  const eventListeners = new Set<(name: string, payload: unknown) => void>();
  const statusListeners = new Set<(status: LinkStatus) => void>();
  const pending = new Map<number, Pending>();
  let queue: string[] = [];
  let nextId = 1;
  let attempt = 0;
  let socket: WebSocket | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let status: LinkStatus = 'connecting';
  let stopped = false;

  const setStatus = (next: LinkStatus): void => {
    if (next === status) return;
    status = next;
    for (const listener of [...statusListeners]) listener(next);
  };

  const failAll = (): void => {
    const error = new BackendUnavailable();
    const calls = [...pending.values()];
    pending.clear();
    queue = [];
    for (const call of calls) call.reject(error);
  };

  const onFrame = (data: unknown): void => {
    if (typeof data !== 'string') return;
    let frame: WsFrame;
    try {
      frame = JSON.parse(data) as WsFrame;
    } catch {
      return;
    }
    if (!frame || typeof frame !== 'object') return;
    if (frame.kind === 'result' && typeof frame.id === 'number') {
      const call = pending.get(frame.id);
      if (!call) return;
      pending.delete(frame.id);
      call.resolve(frame.result);
    } else if (frame.kind === 'event' && typeof frame.name === 'string') {
      for (const listener of [...eventListeners]) {
        try {
          listener(frame.name, frame.payload);
        } catch (error) {
          console.error('event listener failed', frame.name, error);
        }
      }
    }
  };

  const connect = (): void => {
    timer = null;
    if (stopped) return;
    setStatus('connecting');
    let ws: WebSocket;
    try {
      ws = protocols.length > 0 ? new Ws(url, protocols) : new Ws(url);
    } catch {
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.onopen = () => {
      if (socket !== ws) return;
      attempt = 0;
      const waiting = queue;
      queue = [];
      for (const frame of waiting) ws.send(frame);
      setStatus('open');
    };
    ws.onmessage = (event: MessageEvent) => {
      if (socket === ws) onFrame(event.data);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      failAll();
      setStatus('closed');
      scheduleReconnect();
    };
    // 'error' is always followed by 'close'.
    ws.onerror = () => undefined;
  };

  const scheduleReconnect = (): void => {
    if (stopped || timer) return;
    const ceiling = Math.min(maxDelay, minDelay * 2 ** attempt);
    attempt = Math.min(attempt + 1, 16);
    const delay = ceiling / 2 + (random() * ceiling) / 2;
    timer = setTimeout(connect, delay);
  };

  connect();

  return {
    invoke(name, payload) {
      if (stopped) return Promise.reject(new BackendUnavailable(t('The transport is closed')));
      const id = nextId++;
      const frame: WsFrame = { kind: 'command', id, name, payload };
      const text = JSON.stringify(frame);
      return new Promise<Result<unknown>>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        if (socket && socket.readyState === Ws.OPEN) socket.send(text);
        else queue.push(text);
      });
    },
    subscribe(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    status: () => status,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    close() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      const ws = socket;
      socket = null;
      failAll();
      ws?.close();
      setStatus('closed');
    },
  };
}
