import {
  BrowserWindow,
  dialog,
  ipcMain,
  type IpcMainInvokeEvent,
  type OpenDialogOptions,
  type WebContents,
} from 'electron';
import { ipcChannels } from '@parley/contract';
import type { Backend } from '@parley/backend';
import { grantPicked, type FileGrants } from './file-grants.js';

/**
 * Binds the backend to Electron IPC. Only our own window's top frame may call it. Files reach
 * the backend only as grants: the preload registers a real drop's path (a channel the renderer
 * cannot reach: it gets only the preload's functions), and main's own open dialog grants what
 * the user picked; the renderer sees tokens, never paths.
 */
export function bindBackend(
  backend: Backend,
  contents: WebContents,
  grants: FileGrants,
): () => void {
  const allowed = (event: IpcMainInvokeEvent) =>
    event.sender === contents && event.senderFrame === contents.mainFrame;
  ipcMain.handle(ipcChannels.command, (event, name: unknown, payload: unknown) => {
    if (!allowed(event)) {
      return { ok: false, error: { code: 'failed', message: 'Caller not allowed' } };
    }
    return backend.handle(name, payload);
  });
  ipcMain.handle(ipcChannels.grantFile, (event, path: unknown) =>
    allowed(event) ? grants.grant(path) : null,
  );
  ipcMain.handle(ipcChannels.pickFiles, async (event) => {
    if (!allowed(event)) return null;
    const options: OpenDialogOptions = { properties: ['openFile', 'multiSelections'] };
    const window = BrowserWindow.fromWebContents(contents);
    const result = window
      ? await dialog.showOpenDialog(window, options)
      : await dialog.showOpenDialog(options);
    return result.canceled ? null : grantPicked(result.filePaths, grants);
  });
  // The downloads folder: a path the user chose in the OS dialog, for settings.set, where the
  // backend accepts it only as an existing folder it may write to.
  ipcMain.handle(ipcChannels.pickFolder, async (event) => {
    if (!allowed(event)) return null;
    const options: OpenDialogOptions = { properties: ['openDirectory', 'createDirectory'] };
    const window = BrowserWindow.fromWebContents(contents);
    const result = window
      ? await dialog.showOpenDialog(window, options)
      : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  });
  const unsubscribe = backend.onEvent((name, payload) => {
    if (!contents.isDestroyed()) contents.send(ipcChannels.event, name, payload);
  });
  return () => {
    ipcMain.removeHandler(ipcChannels.command);
    ipcMain.removeHandler(ipcChannels.grantFile);
    ipcMain.removeHandler(ipcChannels.pickFiles);
    ipcMain.removeHandler(ipcChannels.pickFolder);
    grants.clear();
    unsubscribe();
  };
}
