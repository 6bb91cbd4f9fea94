import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, Menu, session } from 'electron';
import type { BackendSupervisor } from '@parley/backend/process-host';
import { rendererUrl } from './renderer-source.js';
import { bindScreenShare } from './screen-share-electron.js';
import { hardenSession, hardenWindow } from './security.js';
import { registerAppScheme, serveApp } from './serve-app.js';
import { appMenuTemplate, secureWebPreferences } from './window-options.js';
import { decideKeyMode, profileFiles } from './key-mode.js';
import { openKeychainProfile, profileState, type OpenedProfile } from './profile-store.js';
import { electronKeychain } from './store-key.js';
import { askPassphrase } from './unlock-window.js';
import { bindFileDialogs } from './ipc.js';
import { connectWindow, quitAfterBackend, startBackendHost } from './backend-host.js';
import { openFile } from './open-file.js';
import { handleXmppLinks } from './xmpp-links.js';
import { FileGrants } from './file-grants.js';
import { createDesktopShell } from './desktop-shell-electron.js';
import type { DesktopShell } from './desktop-shell.js';
import { startAutoUpdate } from './auto-update-electron.js';
import { onMainLanguage, tFor } from './i18n.js';

const t = tFor('desktop');

/** The backend's utility process, once the store is unlocked. */
let backend: BackendSupervisor | null = null;
let mainWindow: BrowserWindow | null = null;
/** Tray, badge, window place, spell check, close to tray (desktop-shell.ts). */
let desktopShell: DesktopShell | null = null;
/** Links opened before the store is unlocked and the backend runs. */
/** Files the main window was given (drops, picks): the only paths files.send may read. */
const fileGrants = new FileGrants();
const earlyLinks: string[] = [];

function openLink(uri: string): void {
  const child = backend?.ready();
  if (child) child.post({ type: 'open-link', uri });
  else if (earlyLinks.length < 16) earlyLinks.push(uri);
}

function createWindow(shell: DesktopShell): BrowserWindow {
  const { x, y, width, height } = shell.windowBounds();
  const window = new BrowserWindow({
    x,
    y,
    width,
    height,
    minWidth: 720,
    minHeight: 480,
    title: 'Parley',
    show: false,
    webPreferences: secureWebPreferences(join(__dirname, '../preload/index.cjs'), app.isPackaged),
  });
  hardenWindow(window);
  // Shown (or kept in the tray, or minimised) by the shell once ready.
  const detachShell = shell.attach(window);
  window.on('closed', detachShell);
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
async function openProfileStore(profile: string): Promise<OpenedProfile> {
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
  const shell = createDesktopShell();
  desktopShell = shell;
  serveApp(join(__dirname, '../renderer'));
  const setAppMenu = () =>
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(appMenuTemplate(app.isPackaged, process.platform)),
    );
  setAppMenu();
  // The menu's words follow the language the window reports.
  onMainLanguage(setAppMenu);
  const profile = app.getPath('userData');
  let opened: OpenedProfile;
  try {
    opened = await openProfileStore(profile);
  } catch (error) {
    dialog.showErrorBox(t('Parley cannot open its store'), (error as Error).message);
    app.exit(1);
    return;
  }
  // Main only proves the key and brings the schema up to date: the backend process owns the
  // store from here on. The key stays in main's memory for restarts.
  opened.store.close();
  backend = startBackend(opened);
  backend.onReady((child) => {
    for (const uri of earlyLinks.splice(0)) child.post({ type: 'open-link', uri });
  });
  const window = createWindow(shell);
  mainWindow = window;
  const unbindFiles = bindFileDialogs(window.webContents, fileGrants);
  // getDisplayMedia during a call: the user picks a screen or window (screen-share.ts).
  const unbindScreen = bindScreenShare(window.webContents);
  const disconnect = connectWindow(backend, window.webContents);
  window.on('closed', () => {
    unbindFiles();
    unbindScreen();
    disconnect();
    mainWindow = null;
  });
  // Packaged AppImage, mac and Windows copies with a signed feed only (auto-update-policy.ts).
  // The Desktop settings turn it on and off (desktop-settings.json's autoUpdate).
  const updates = startAutoUpdate(() => mainWindow, shell.updatePrefs);
  shell.bindUpdates(updates);
  app.once('before-quit', () => updates.stop());
}

/** The backend in its utility process (built as out/main/backend.js beside this file). */
function startBackend({ store, key }: OpenedProfile): BackendSupervisor {
  const trustedCaPem = devTrustedCa();
  return startBackendHost({
    entry: join(__dirname, 'backend.js'),
    init: () => ({
      storePath: store.path,
      // A copy per process: the process zeroes what it was given once the store is open.
      key: Uint8Array.from(key),
      trustedCaPem,
      downloadDir: app.getPath('downloads'),
      // Plain http only to loopback, and only when developing against a local test server.
      allowLoopbackHttp: trustedCaPem !== null,
    }),
    host: {
      openFile: async (path) => {
        await openFile(path);
        return null;
      },
      takeFileGrant: async (grant) => fileGrants.take(grant),
    },
  });
}

// The unlock window closing before the main one opens is not the end of the app.
app.on('window-all-closed', () => {
  if (backend) app.quit();
});
app.on('before-quit', () => desktopShell?.prepareQuit());
// Quit in order: the backend process stops (sessions, store) before the app does.
quitAfterBackend(app, () => backend);
// The Dock icon clicked (macOS) brings a window hidden in the tray back.
app.on('activate', () => desktopShell?.showWindow());
// Custom schemes must be declared before the app is ready.
registerAppScheme();
// A second start (an xmpp: link clicked while Parley runs) hands its link over and ends.
if (handleXmppLinks(openLink, () => mainWindow)) void main();
else app.quit();
