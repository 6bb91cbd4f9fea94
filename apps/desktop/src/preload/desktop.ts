import { contextBridge, ipcRenderer } from 'electron';
import { desktopChannels } from '@parley/contract/client';

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
  setLanguage: (language: unknown): void => ipcRenderer.send(desktopChannels.setLanguage, language),
  onAction(listener: (action: unknown) => void): () => void {
    const handler = (_event: unknown, action: unknown) => listener(action);
    ipcRenderer.on(desktopChannels.action, handler);
    return () => ipcRenderer.removeListener(desktopChannels.action, handler);
  },
};

export function exposeDesktopBridge(): void {
  contextBridge.exposeInMainWorld('parleyDesktop', desktopBridge);
}
