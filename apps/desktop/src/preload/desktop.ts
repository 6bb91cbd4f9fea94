import { contextBridge, ipcRenderer } from 'electron';
import { desktopChannels } from '@parley/contract/client';

/** Main's messages on `channel` to `listener` (the payload only); returns the unsubscribe. */
function listen(channel: string, listener: (payload: unknown) => void): () => void {
  const handler = (_event: unknown, payload: unknown) => listener(payload);
  ipcRenderer.on(channel, handler);
  return () => ipcRenderer.removeListener(channel, handler);
}

/**
 * `window.parleyDesktop`: the desktop shell's functions (tray, badge, desktop settings). Main
 * checks every payload against the contract, and the renderer checks what comes back: this
 * only carries them.
 */
const desktopBridge = {
  getSettings: (): Promise<unknown> => ipcRenderer.invoke(desktopChannels.getSettings),
  setSettings: (patch: unknown): Promise<unknown> =>
    ipcRenderer.invoke(desktopChannels.setSettings, patch),
  report: (report: unknown): void => ipcRenderer.send(desktopChannels.report, report),
  mention: (): void => ipcRenderer.send(desktopChannels.mention),
  show: (): void => ipcRenderer.send(desktopChannels.show),
  callMedia: (grant: unknown): void => ipcRenderer.send(desktopChannels.callMedia, grant),
  callNotice: (notice: unknown): void => ipcRenderer.send(desktopChannels.callNotice, notice),
  setLanguage: (language: unknown): void => ipcRenderer.send(desktopChannels.setLanguage, language),
  screenChoice: (choice: unknown): void => ipcRenderer.send(desktopChannels.screenChoice, choice),
  onScreenSources: (listener: (request: unknown) => void) =>
    listen(desktopChannels.screenSources, listener),
  onAction: (listener: (action: unknown) => void) => listen(desktopChannels.action, listener),
};

export function exposeDesktopBridge(): void {
  contextBridge.exposeInMainWorld('parleyDesktop', desktopBridge);
}
