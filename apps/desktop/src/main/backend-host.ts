import { ipcMain, MessageChannelMain, utilityProcess, type WebContents } from 'electron';
import {
  BackendSupervisor,
  backendPortChannels,
  type BackendChild,
  type BackendInit,
  type HostServices,
} from '@parley/backend/process-host';

/** The backend's utility process as the supervisor drives it. */
export function forkUtilityBackend(entry: string): BackendChild {
  const child = utilityProcess.fork(entry, [], {
    serviceName: 'Parley backend',
    stdio: 'inherit',
  });
  let exitCode: number | null | undefined;
  child.once('exit', (code) => {
    exitCode = code;
  });
  return {
    post: (message, port) => {
      if (exitCode !== undefined) return;
      child.postMessage(message, port ? [port as Electron.MessagePortMain] : []);
    },
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => {
      if (exitCode !== undefined) listener(exitCode);
      else child.once('exit', (code) => listener(code));
    },
    kill: () => void child.kill(),
  };
}

/** Starts the backend process under a supervisor (restarts bounded; see supervisor.ts). */
export function startBackendHost(options: {
  entry: string;
  init: () => BackendInit;
  host: HostServices;
}): BackendSupervisor {
  const supervisor = new BackendSupervisor({
    spawn: () => forkUtilityBackend(options.entry),
    init: options.init,
    host: options.host,
  });
  supervisor.start();
  return supervisor;
}

/**
 * Gives a window its own MessagePort to the backend: when its page asks (each load) and again
 * after every restart of the backend process, and tells it the process's state. Only the
 * window's top frame may ask. Returns the undo, for when the window closes.
 */
export function connectWindow(supervisor: BackendSupervisor, contents: WebContents): () => void {
  // The page asked for a port: it wants one from every backend process from now on.
  let wanted = false;
  const hand = (): void => {
    const child = supervisor.ready();
    if (!wanted || !child || contents.isDestroyed()) return;
    const { port1, port2 } = new MessageChannelMain();
    child.post({ type: 'connect' }, port1);
    contents.postMessage(backendPortChannels.port, null, [port2]);
  };
  const sendState = (): void => {
    if (!contents.isDestroyed()) contents.send(backendPortChannels.state, supervisor.current());
  };
  const onRequest = (event: Electron.IpcMainEvent): void => {
    if (event.sender !== contents || event.senderFrame !== contents.mainFrame) return;
    wanted = true;
    sendState();
    hand();
  };
  ipcMain.on(backendPortChannels.requestPort, onRequest);
  const offState = supervisor.onState(sendState);
  const offReady = supervisor.onReady(hand);
  return () => {
    ipcMain.removeListener(backendPortChannels.requestPort, onRequest);
    offState();
    offReady();
  };
}

/** The part of Electron's app that quitting in order needs (a seam for tests). */
export interface QuittingApp {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

/** How long the backend may take to close its sessions and store on quit. */
export const BACKEND_STOP_MS = 5_000;

/**
 * Quit in order: the first quit is held back while the backend process closes its sessions
 * (</stream>) and its store (WAL checkpointed) and exits, or is killed after `timeoutMs`;
 * only then does the app quit.
 */
export function quitAfterBackend(
  app: QuittingApp,
  backend: () => BackendSupervisor | null,
  timeoutMs = BACKEND_STOP_MS,
): void {
  let stopped = false;
  app.on('before-quit', (event) => {
    const supervisor = backend();
    if (stopped || !supervisor) return;
    event.preventDefault();
    void supervisor.stop(timeoutMs).then((outcome) => {
      if (outcome === 'killed') console.warn('[parley] the backend did not stop in time');
      stopped = true;
      app.quit();
    });
  });
}
