import { openStore, type Store } from '@parley/store';
import { createBackend, type Backend } from '../backend.js';
import {
  parseMainMessage,
  type BackendInit,
  type BackendToMain,
  type HostRequestName,
} from './control-protocol.js';
import { lowerProcessPriority } from './priority.js';
import { servePort, type ClientPort } from './serve-port.js';

/**
 * The backend process's link to main, whatever runs it: Electron's utility process
 * (process.parentPort, with a MessagePort per window) or a Node child (process.send, whose
 * one client's frames ride on the same channel). See backend-entry.ts for the two adapters.
 */
export interface ParentChannel {
  post(message: BackendToMain): void;
  /** `ports`: client ports handed over with the message (Electron's 'connect'). */
  onMessage(listener: (message: unknown, ports: ClientPort[]) => void): void;
}

/** Host requests main has not answered yet are failed after this long. */
const HOST_REQUEST_MS = 30_000;
/** More than this many unanswered host requests means main is not answering: refuse more. */
const MAX_HOST_REQUESTS = 64;
/** The longest a stop may take before the process exits anyway (main kills later still). */
const STOP_MS = 8_000;

/**
 * Runs the backend in this process for main: waits for one 'init' (store path and key, …),
 * opens the store itself, starts the backend and says 'ready'; then serves every client port,
 * forwards opened links and, on 'stop', closes the sessions and the store and exits.
 */
export function runBackendProcess(parent: ParentChannel, exit: (code: number) => void): void {
  // Below the window's processes: a long decrypt or catch-up never takes the CPU a frame needs.
  lowerProcessPriority();
  let backend: Backend | null = null;
  let store: Store | null = null;
  let ipcClient: { deliver(data: string): void } | null = null;
  let stopping: Promise<void> | null = null;
  let nextHostId = 1;
  const hostCalls = new Map<number, (ok: boolean, value: string | null) => void>();

  const hostRequest = (name: HostRequestName, arg: string): Promise<string | null> => {
    if (hostCalls.size >= MAX_HOST_REQUESTS) return Promise.reject(new Error('main is busy'));
    const id = nextHostId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        hostCalls.delete(id);
        reject(new Error(`main did not answer ${name}`));
      }, HOST_REQUEST_MS);
      hostCalls.set(id, (ok, value) => {
        clearTimeout(timer);
        hostCalls.delete(id);
        if (ok) resolve(value);
        else reject(new Error(`${name} failed in main`));
      });
      parent.post({ type: 'host-request', id, name, arg });
    });
  };

  const start = async (init: BackendInit): Promise<void> => {
    const key = Buffer.from(init.key);
    try {
      store = openStore({ path: init.storePath, key });
    } catch (error) {
      // A wrong key, a damaged or newer file: starting again would fail the same way.
      parent.post({ type: 'fatal', message: (error as Error).message });
      exit(1);
      return;
    } finally {
      // The open connection holds the key now; our copies are not needed.
      key.fill(0);
      init.key.fill(0);
    }
    backend = createBackend({
      store,
      trustedCaPem: init.trustedCaPem,
      downloadDir: init.downloadDir,
      allowLoopbackHttp: init.allowLoopbackHttp,
      takeFileGrant: (grant) => hostRequest('takeFileGrant', grant),
      openFile: async (path) => {
        await hostRequest('openFile', path);
      },
      ...(init.reconnect ? { reconnect: init.reconnect } : {}),
    });
    await backend.start();
    parent.post({ type: 'ready' });
  };

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const timer = setTimeout(() => exit(0), STOP_MS);
      try {
        // Sessions end with </stream>; downloads and the outbox settle into the store…
        await backend?.stop();
      } catch (error) {
        console.error('[parley] backend stop failed', error);
      }
      // …which is then checkpointed (its WAL folded in) and closed.
      store?.close();
      clearTimeout(timer);
      parent.post({ type: 'stopped' });
      exit(0);
    })();
    return stopping;
  };

  const serve = (port: ClientPort): void => {
    if (backend && !stopping) servePort(backend, port);
  };

  parent.onMessage((raw, ports) => {
    const message = parseMainMessage(raw);
    if (!message) {
      console.error('[parley] backend process: ignored a malformed message from main');
      return;
    }
    switch (message.type) {
      case 'init':
        if (backend || store) return;
        start(message.init).catch((error: unknown) => {
          parent.post({ type: 'fatal', message: `The backend did not start: ${String(error)}` });
          exit(1);
        });
        return;
      case 'connect':
        for (const port of ports) serve(port);
        return;
      case 'frame':
        if (!ipcClient && backend) ipcClient = ipcPort(parent, serve);
        ipcClient?.deliver(message.data);
        return;
      case 'open-link':
        backend?.openLink(message.uri);
        return;
      case 'host-result':
        hostCalls.get(message.id)?.(message.ok, message.value);
        return;
      case 'stop':
        void stop();
        return;
    }
  });
}

/** Node: the one client whose frames come and go as 'frame' messages on the IPC channel. */
function ipcPort(
  parent: ParentChannel,
  serve: (port: ClientPort) => void,
): { deliver(data: string): void } {
  let receive: (data: unknown) => void = () => undefined;
  serve({
    post: (data) => parent.post({ type: 'frame', data }),
    onMessage: (listener) => {
      receive = listener;
    },
    onClose: () => undefined,
  });
  return { deliver: (data) => receive(data) };
}
