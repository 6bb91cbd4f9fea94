import { contextBridge, ipcRenderer } from 'electron';
import { ipcChannels, type Transport } from '@parley/contract/client';

// The renderer gets exactly two functions; no ipcRenderer, no Node.
const transport: Transport = {
  invoke: (name, payload) => ipcRenderer.invoke(ipcChannels.command, name, payload),
  subscribe(listener) {
    const handler = (_event: unknown, name: string, payload: unknown) => listener(name, payload);
    ipcRenderer.on(ipcChannels.event, handler);
    return () => ipcRenderer.removeListener(ipcChannels.event, handler);
  },
};

contextBridge.exposeInMainWorld('parley', transport);
