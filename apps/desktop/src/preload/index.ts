import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { ipcChannels, type PickedFile, type Transport } from '@parley/contract/client';
import { exposeDesktopBridge } from './desktop.js';

type DroppedFile = Parameters<typeof webUtils.getPathForFile>[0];

interface FileBridge {
  grantFile(file: DroppedFile): Promise<string | null>;
  pickFiles(): Promise<PickedFile[] | null>;
  pickFolder(): Promise<string | null>;
}

// The renderer gets exactly these functions; no ipcRenderer, no Node, and never a file's path
// (only the downloads folder the user chose, which the backend checks before use).
const bridge: Transport & FileBridge = {
  invoke: (name, payload) => ipcRenderer.invoke(ipcChannels.command, name, payload),
  subscribe(listener) {
    const handler = (_event: unknown, name: string, payload: unknown) => listener(name, payload);
    ipcRenderer.on(ipcChannels.event, handler);
    return () => ipcRenderer.removeListener(ipcChannels.event, handler);
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
  // The OS folder dialog (the downloads folder): the chosen path, checked by the backend.
  pickFolder: () => ipcRenderer.invoke(ipcChannels.pickFolder) as Promise<string | null>,
};

contextBridge.exposeInMainWorld('parley', bridge);
// Tray, badge and desktop settings (desktop.ts).
exposeDesktopBridge();
