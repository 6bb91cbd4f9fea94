import { contextBridge, ipcRenderer, webUtils } from 'electron';
import {
  backendPortChannels,
  createPortClient,
  ipcChannels,
  type BackendState,
  type PickedFile,
  type PortLinkStatus,
  type Transport,
} from '@parley/contract/client';
import { exposeDesktopBridge } from './desktop.js';

type DroppedFile = Parameters<typeof webUtils.getPathForFile>[0];

interface FileBridge {
  grantFile(file: DroppedFile): Promise<string | null>;
  pickFiles(): Promise<PickedFile[] | null>;
  pickFilesAt(path: string): Promise<PickedFile[] | null>;
  pickFolder(): Promise<string | null>;
}

/** The link to the backend process: drops while it restarts, opens with each new port. */
interface BackendBridge {
  link: {
    status(): PortLinkStatus;
    onStatus(listener: (status: PortLinkStatus) => void): () => void;
  };
  backendState(): BackendState;
  onBackendState(listener: (state: BackendState) => void): () => void;
}

// The backend runs in its own process; main hands this page a MessagePort to it on load and
// after every restart. The port stays here: the renderer only gets the functions below.
const client = createPortClient();
ipcRenderer.on(backendPortChannels.port, (event) => {
  const port = event.ports[0];
  if (!port) return;
  const receive = client.attach({
    post: (text) => port.postMessage(text),
    close: () => port.close(),
  });
  port.onmessage = (message) => receive(message.data);
});

let state: BackendState = { kind: 'starting' };
const stateListeners = new Set<(state: BackendState) => void>();
ipcRenderer.on(backendPortChannels.state, (_event, next: BackendState) => {
  state = next;
  // Gone or going: what is in flight fails now ("backend restarted"), new calls wait.
  if (next.kind !== 'running') client.detach();
  for (const listener of [...stateListeners]) listener(next);
});
ipcRenderer.send(backendPortChannels.requestPort);

// The renderer gets exactly these functions; no ipcRenderer, no Node, and never a file's path
// (only the downloads folder the user chose, which the backend checks before use).
const bridge: Transport & FileBridge & BackendBridge = {
  invoke: (name, payload) => client.invoke(name, payload),
  subscribe: (listener) => client.subscribe(listener),
  link: {
    status: () => client.status(),
    onStatus: (listener) => client.onStatus(listener),
  },
  backendState: () => state,
  onBackendState(listener) {
    stateListeners.add(listener);
    return () => stateListeners.delete(listener);
  },
  // A File the renderer made up has no path here (getPathForFile gives ''): only a real drop
  // or file-input pick is on disk. Main keeps the path and answers with a one-use grant.
  grantFile: async (file) => {
    const path = webUtils.getPathForFile(file);
    if (!path) return null;
    return (await ipcRenderer.invoke(ipcChannels.grantFile, path)) as string | null;
  },
  // The OS open dialog runs in main and answers with grants.
  pickFiles: () => ipcRenderer.invoke(ipcChannels.pickFiles) as Promise<PickedFile[] | null>,
  // The same dialog opened at a typed path (/sendfile PATH); main checks it is a path.
  pickFilesAt: (path) =>
    ipcRenderer.invoke(ipcChannels.pickFilesAt, { path }) as Promise<PickedFile[] | null>,
  // The OS folder dialog (the downloads folder): the chosen path, checked by the backend.
  pickFolder: () => ipcRenderer.invoke(ipcChannels.pickFolder) as Promise<string | null>,
};

contextBridge.exposeInMainWorld('parley', bridge);
// Tray, badge and desktop settings (desktop.ts).
exposeDesktopBridge();
