import type { BackendState, Transport } from '@parley/contract/client';
import {
  createWsTransport,
  defaultWsUrl,
  hostToken,
  type LinkMonitor,
  type LinkStatus,
} from './ws-transport';

/** The backend process's state as Electron main reports it (its supervisor's). */
export type BackendProcessState = BackendState;

/** The preload's bridge: the contract over a MessagePort to the backend's utility process. */
export interface ElectronBridge extends Transport {
  /** Drops while the backend process restarts; 'open' again with its new port. */
  link?: LinkMonitor;
  backendState?(): BackendProcessState;
  onBackendState?(listener: (state: BackendProcessState) => void): () => void;
}

declare global {
  interface Window {
    /** Exposed by the Electron preload (contextBridge); absent in a browser. */
    parley?: ElectronBridge;
  }
}

export interface PickedTransport {
  transport: Transport;
  link: LinkMonitor;
  kind: 'electron' | 'websocket';
}

/** A bridge without a link of its own (an older preload, tests): always up. */
const alwaysOpen: LinkMonitor = {
  status: (): LinkStatus => 'open',
  onStatus: () => () => undefined,
};

/** Electron's preload bridge when present, else the dev/test host's WebSocket. */
export function pickTransport(win: Window = window): PickedTransport {
  const bridge = win.parley;
  if (bridge && typeof bridge.invoke === 'function' && typeof bridge.subscribe === 'function') {
    const link =
      bridge.link && typeof bridge.link.onStatus === 'function' ? bridge.link : alwaysOpen;
    return { transport: bridge, link, kind: 'electron' };
  }
  const ws = createWsTransport(defaultWsUrl(win.location), { token: hostToken(win) });
  return { transport: ws, link: ws, kind: 'websocket' };
}
