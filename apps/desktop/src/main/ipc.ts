import {
  BrowserWindow,
  dialog,
  ipcMain,
  type IpcMainInvokeEvent,
  type OpenDialogOptions,
  type WebContents,
} from 'electron';
import { ipcChannels } from '@parley/contract';
import { grantPicked, type FileGrants } from './file-grants.js';
import { pickAtOptions } from './pick-at.js';

/**
 * Main's file services for the window (the backend itself runs in its own process and talks
 * to the window over a MessagePort: backend-host.ts). Only our own window's top frame may call
 * them. Files reach the backend only as grants: the preload registers a real drop's path (a
 * channel the renderer cannot reach: it gets only the preload's functions), and main's own
 * open dialog grants what the user picked; the renderer sees tokens, never paths. The backend
 * process redeems a grant by asking main (takeFileGrant).
 */
export function bindFileDialogs(contents: WebContents, grants: FileGrants): () => void {
  const allowed = (event: IpcMainInvokeEvent) =>
    event.sender === contents && event.senderFrame === contents.mainFrame;
  const showOpen = (options: OpenDialogOptions) => {
    const window = BrowserWindow.fromWebContents(contents);
    return window ? dialog.showOpenDialog(window, options) : dialog.showOpenDialog(options);
  };
  ipcMain.handle(ipcChannels.grantFile, (event, path: unknown) =>
    allowed(event) ? grants.grant(path) : null,
  );
  ipcMain.handle(ipcChannels.pickFiles, async (event) => {
    if (!allowed(event)) return null;
    const options: OpenDialogOptions = { properties: ['openFile', 'multiSelections'] };
    const result = await showOpen(options);
    return result.canceled ? null : grantPicked(result.filePaths, grants);
  });
  // "/sendfile PATH": the same dialog, opened at the typed path for the user to confirm.
  ipcMain.handle(ipcChannels.pickFilesAt, async (event, payload: unknown) => {
    const options = allowed(event) ? pickAtOptions(payload) : null;
    if (!options) return null;
    const result = await showOpen(options);
    return result.canceled ? null : grantPicked(result.filePaths, grants);
  });
  // The downloads folder: a path the user chose in the OS dialog, for settings.set, where the
  // backend accepts it only as an existing folder it may write to.
  ipcMain.handle(ipcChannels.pickFolder, async (event) => {
    if (!allowed(event)) return null;
    const options: OpenDialogOptions = { properties: ['openDirectory', 'createDirectory'] };
    const result = await showOpen(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  });
  return () => {
    ipcMain.removeHandler(ipcChannels.grantFile);
    ipcMain.removeHandler(ipcChannels.pickFiles);
    ipcMain.removeHandler(ipcChannels.pickFilesAt);
    ipcMain.removeHandler(ipcChannels.pickFolder);
    grants.clear();
  };
}
