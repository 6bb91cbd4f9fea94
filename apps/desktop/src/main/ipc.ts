import { ipcMain, type WebContents } from 'electron';
import { ipcChannels } from '@parley/contract';
import type { Backend } from '@parley/backend';

/** Binds the backend to Electron IPC. Only our own window's top frame may call it. */
export function bindBackend(backend: Backend, contents: WebContents): () => void {
  ipcMain.handle(ipcChannels.command, (event, name: unknown, payload: unknown) => {
    if (event.sender !== contents || event.senderFrame !== contents.mainFrame) {
      return { ok: false, error: { code: 'failed', message: 'Caller not allowed' } };
    }
    return backend.handle(name, payload);
  });
  const unsubscribe = backend.onEvent((name, payload) => {
    if (!contents.isDestroyed()) contents.send(ipcChannels.event, name, payload);
  });
  return () => {
    ipcMain.removeHandler(ipcChannels.command);
    unsubscribe();
  };
}
