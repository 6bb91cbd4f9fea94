import { join } from 'node:path';
import { app, BrowserWindow, ipcMain } from 'electron';
import type { ProfileFiles } from './key-mode.js';
import { unlockWithPassphrase, type OpenedProfile } from './profile-store.js';
import { rendererUrl } from './renderer-source.js';
import { hardenWindow } from './security.js';
import { mainLanguage, tFor } from './i18n.js';
import { secureWebPreferences } from './window-options.js';

const t = tFor('desktop');

const channel = 'parley:unlock';

/**
 * Asks for the store passphrase in a small sandboxed window until the store opens with it (a
 * new profile asks for it twice). Resolves with the open store and its key; rejects if the user closes the
 * window or the store is damaged (asking again cannot help).
 */
export function askPassphrase(files: ProfileFiles, create: boolean): Promise<OpenedProfile> {
  const window = new BrowserWindow({
    width: 420,
    height: create ? 380 : 300,
    resizable: false,
    title: t('Unlock Parley'),
    webPreferences: {
      ...secureWebPreferences(join(__dirname, '../preload/unlock.cjs'), app.isPackaged),
      spellcheck: false,
    },
  });
  hardenWindow(window);
  // The page speaks main's language (the system's: no window has reported one yet).
  const search = `?firstRun=${create ? '1' : '0'}&lang=${mainLanguage()}`;
  void window.loadURL(
    rendererUrl(
      'unlock.html',
      { isPackaged: app.isPackaged, devServerUrl: process.env['ELECTRON_RENDERER_URL'] },
      search,
    ),
  );

  return new Promise((resolve, reject) => {
    let settled = false;
    let busy = false;
    const finish = (outcome: () => void) => {
      settled = true;
      ipcMain.removeHandler(channel);
      outcome();
      window.close();
    };
    ipcMain.handle(channel, async (event, passphrase: unknown, confirmation: unknown) => {
      if (
        settled ||
        event.sender !== window.webContents ||
        typeof passphrase !== 'string' ||
        (confirmation !== null && typeof confirmation !== 'string')
      ) {
        return { ok: false, message: t('Not allowed') };
      }
      // One derivation at a time: each costs 128 MiB and a noticeable fraction of a second.
      if (busy) return { ok: false, message: t('Still checking the previous attempt.') };
      busy = true;
      try {
        const result = await unlockWithPassphrase(files, create, passphrase, confirmation);
        if (result.ok) {
          finish(() => resolve({ store: result.store, key: result.key }));
          return { ok: true };
        }
        if (result.final) finish(() => reject(new Error(result.message)));
        return { ok: false, message: result.message };
      } finally {
        busy = false;
      }
    });
    window.on('closed', () => {
      ipcMain.removeHandler(channel);
      if (!settled) reject(new Error(t('Parley was not unlocked.')));
      settled = true;
    });
  });
}
