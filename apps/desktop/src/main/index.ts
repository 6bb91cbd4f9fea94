import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, Menu, session } from 'electron';
import { createBackend, type Backend } from '@parley/backend';
import type { Store } from '@parley/store';
import { rendererUrl } from './renderer-source.js';
import { hardenSession, hardenWindow } from './security.js';
import { registerAppScheme, serveApp } from './serve-app.js';
import { appMenuTemplate, secureWebPreferences } from './window-options.js';
import { decideKeyMode, profileFiles } from './key-mode.js';
import { openKeychainProfile, profileState } from './profile-store.js';
import { electronKeychain } from './store-key.js';
import { askPassphrase } from './unlock-window.js';
import { bindBackend } from './ipc.js';
import { openFile } from './open-file.js';
import { handleXmppLinks } from './xmpp-links.js';
import { FileGrants } from './file-grants.js';
import { startAutoUpdate } from './auto-update-electron.js';

let backend: Backend | null = null;
let mainWindow: BrowserWindow | null = null;
/** Links opened before the store is unlocked and the backend runs. */
/** Files the main window was given (drops, picks): the only paths files.send may read. */
const fileGrants = new FileGrants();
const earlyLinks: string[] = [];

function openLink(uri: string): void {
  if (backend) backend.openLink(uri);
  else if (earlyLinks.length < 16) earlyLinks.push(uri);
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    title: 'Parley',
    show: false,
    webPreferences: secureWebPreferences(join(__dirname, '../preload/index.cjs'), app.isPackaged),
  });
  hardenWindow(window);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(
    rendererUrl('index.html', {
      isPackaged: app.isPackaged,
      devServerUrl: process.env['ELECTRON_RENDERER_URL'],
    }),
  );
  return window;
}

/**
 * Development only (never in a packaged app): trust the local demo server's CA, so `pnpm demo`
 * can run the desktop app against it. A user trusts a server by pinning its certificate.
 */
function devTrustedCa(): string | null {
  const file = process.env['PARLEY_DEV_CA_FILE'];
  return !app.isPackaged && file ? readFileSync(file, 'utf8') : null;
}

/**
 * The keychain protects a random key; without one, a passphrase the user types does. Which of
 * the two is decided by the profile's key files (key-mode.ts); a profile that cannot be opened
 * now is left exactly as it is.
 */
async function openProfileStore(profile: string): Promise<Store> {
  const files = profileFiles(profile);
  const mode = decideKeyMode(profileState(files, electronKeychain.usable()));
  if (mode.kind === 'refuse') throw new Error(mode.reason);
  if (mode.kind === 'keychain') return openKeychainProfile(files, electronKeychain, mode.create);
  return askPassphrase(files, mode.create);
}

async function main(): Promise<void> {
  const userData = process.env['PARLEY_DEV_USER_DATA'];
  if (!app.isPackaged && userData) app.setPath('userData', userData);
  await app.whenReady();
  hardenSession(session.defaultSession);
  serveApp(join(__dirname, '../renderer'));
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(appMenuTemplate(app.isPackaged, process.platform)),
  );
  const profile = app.getPath('userData');
  let store: Store;
  try {
    store = await openProfileStore(profile);
  } catch (error) {
    dialog.showErrorBox('Parley cannot open its store', (error as Error).message);
    app.exit(1);
    return;
  }
  const trustedCaPem = devTrustedCa();
  backend = createBackend({
    store,
    trustedCaPem,
    downloadDir: app.getPath('downloads'),
    openFile,
    takeFileGrant: (grant) => fileGrants.take(grant),
    // Plain http only to loopback, and only when developing against a local test server.
    allowLoopbackHttp: trustedCaPem !== null,
  });
  for (const uri of earlyLinks.splice(0)) backend.openLink(uri);
  const window = createWindow();
  mainWindow = window;
  const unbind = bindBackend(backend, window.webContents, fileGrants);
  window.on('closed', () => {
    unbind();
    mainWindow = null;
  });
  await backend.start();
  // Packaged AppImage, mac and Windows copies with a signed feed only (auto-update-policy.ts).
  const stopUpdates = startAutoUpdate(() => mainWindow);
  app.once('before-quit', stopUpdates);
}

// The unlock window closing before the main one opens is not the end of the app.
app.on('window-all-closed', () => {
  if (backend) app.quit();
});
app.on('before-quit', () => {
  void backend?.stop();
});
// Custom schemes must be declared before the app is ready.
registerAppScheme();
// A second start (an xmpp: link clicked while Parley runs) hands its link over and ends.
if (handleXmppLinks(openLink, () => mainWindow)) void main();
else app.quit();
