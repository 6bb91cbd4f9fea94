import { join } from 'node:path';
import { app, BrowserWindow, ipcMain } from 'electron';
import { openStore, StoreKeyError, type Store } from '@parley/store';
import { derivePassphraseKey } from './passphrase-key.js';
import { rendererUrl } from './renderer-source.js';
import { hardenWindow } from './security.js';
import { secureWebPreferences } from './window-options.js';

const channel = 'parley:unlock';

/**
 * Asks for the store passphrase in a small sandboxed window until the store opens with it.
 * Resolves with the open store; rejects if the user closes the window.
 */
export function unlockWithPassphrase(
  dbPath: string,
  salt: Buffer,
  firstRun: boolean,
): Promise<Store> {
  const window = new BrowserWindow({
    width: 420,
    height: 300,
    resizable: false,
    title: 'Unlock Parley',
    webPreferences: {
      ...secureWebPreferences(join(__dirname, '../preload/unlock.cjs'), app.isPackaged),
      spellcheck: false,
    },
  });
  hardenWindow(window);
  const search = `?firstRun=${firstRun ? '1' : '0'}`;
  void window.loadURL(
    rendererUrl(
      'unlock.html',
      { isPackaged: app.isPackaged, devServerUrl: process.env['ELECTRON_RENDERER_URL'] },
      search,
    ),
  );

  return new Promise((resolve, reject) => {
    let opened: Store | null = null;
    ipcMain.handle(channel, async (event, passphrase: unknown) => {
      if (
        event.sender !== window.webContents ||
        typeof passphrase !== 'string' ||
        passphrase.length > 1024
      ) {
        return { ok: false, message: 'Not allowed' };
      }
      try {
        opened = openStore({ path: dbPath, key: await derivePassphraseKey(passphrase, salt) });
      } catch (error) {
        if (error instanceof StoreKeyError) return { ok: false, message: 'Wrong passphrase.' };
        return { ok: false, message: (error as Error).message };
      }
      ipcMain.removeHandler(channel);
      resolve(opened);
      window.close();
      return { ok: true };
    });
    window.on('closed', () => {
      ipcMain.removeHandler(channel);
      if (!opened) reject(new Error('Parley was not unlocked.'));
    });
  });
}
