import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { ipcChannels, type Transport } from '@parley/contract/client';

type DroppedFile = Parameters<typeof webUtils.getPathForFile>[0];

// The renderer gets exactly three functions; no ipcRenderer, no Node.
const bridge: Transport & { pathForFile(file: DroppedFile): string | null } = {
  invoke: (name, payload) => ipcRenderer.invoke(ipcChannels.command, name, payload),
  subscribe(listener) {
    const handler = (_event: unknown, name: string, payload: unknown) => listener(name, payload);
    ipcRenderer.on(ipcChannels.event, handler);
    return () => ipcRenderer.removeListener(ipcChannels.event, handler);
  },
  // Where a dropped or picked file is on disk, so main streams it from there; null when it has
  // none (a pasted image, a file from another page).
  pathForFile: (file) => webUtils.getPathForFile(file) || null,
};

contextBridge.exposeInMainWorld('parley', bridge);
