import type { Transport } from '@parley/contract';
import {
  createWsTransport,
  defaultWsUrl,
  hostToken,
  type LinkMonitor,
  type LinkStatus,
} from './ws-transport';

declare global {
  interface Window {
    /** Exposed by the Electron preload (contextBridge); absent in a browser. */
    parley?: Transport;
  }
}

export interface PickedTransport {
  transport: Transport;
  link: LinkMonitor;
  kind: 'electron' | 'websocket';
}

/** IPC is in-process and always up: its link never changes. */
const alwaysOpen: LinkMonitor = {
  status: (): LinkStatus => 'open',
  onStatus: () => () => undefined,
};

/** Electron's preload bridge when present, else the dev/test host's WebSocket. */
export function pickTransport(win: Window = window): PickedTransport {
  const bridge = win.parley;
  if (bridge && typeof bridge.invoke === 'function' && typeof bridge.subscribe === 'function') {
    return { transport: bridge, link: alwaysOpen, kind: 'electron' };
  }
  const ws = createWsTransport(defaultWsUrl(win.location), { token: hostToken(win) });
  return { transport: ws, link: ws, kind: 'websocket' };
}
