import { homedir } from 'node:os';
import { app, ipcMain, Menu, nativeImage, Notification, screen, session, Tray } from 'electron';
import type { BridgeIpc } from './desktop-bridge.js';
import { DesktopShell } from './desktop-shell.js';

/**
 * The desktop shell on the real Electron objects. Made after `app.whenReady()` and before any
 * window, so spell check is set (and its downloads pointed nowhere) before a page loads.
 */
export function createDesktopShell(): DesktopShell {
  // An AppImage runs from a temporary mount: autostart must start the AppImage file itself.
  const exec = process.env['APPIMAGE'] ?? process.execPath;
  // Unpackaged, Electron needs the app's folder as its first argument.
  const args = app.isPackaged ? [] : [app.getAppPath()];
  return new DesktopShell({
    electron: {
      app,
      Menu,
      nativeImage,
      screen,
      ipcMain: ipcMain as unknown as BridgeIpc,
      createTray: (image) => new Tray(image),
      createNotice: (options) => new Notification(options),
    },
    platform: process.platform,
    userData: app.getPath('userData'),
    autostart: { exec, args, home: homedir(), xdgConfigHome: process.env['XDG_CONFIG_HOME'] },
    session: session.defaultSession,
  });
}
