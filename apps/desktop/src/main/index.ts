import { join } from 'node:path';
import { app, BrowserWindow, dialog, session } from 'electron';
import { createBackend, type Backend } from '@parley/backend';
import { openStore } from '@parley/store';
import { hardenSession, hardenWindow } from './security.js';
import { loadOrCreateStoreKey } from './store-key.js';
import { bindBackend } from './ipc.js';

let backend: Backend | null = null;

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    title: 'Parley',
    show: false,
    webPreferences: {
      preload: join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: true,
    },
  });
  hardenWindow(window);
  window.once('ready-to-show', () => window.show());
  if (process.env['ELECTRON_RENDERER_URL'])
    void window.loadURL(process.env['ELECTRON_RENDERER_URL']);
  else void window.loadFile(join(__dirname, '../renderer/index.html'));
  return window;
}

async function main(): Promise<void> {
  await app.whenReady();
  hardenSession(session.defaultSession);
  const profile = app.getPath('userData');
  let key: Buffer;
  try {
    key = loadOrCreateStoreKey(join(profile, 'store.key'));
  } catch (error) {
    dialog.showErrorBox('Parley cannot open its store', (error as Error).message);
    app.exit(1);
    return;
  }
  const store = openStore({ path: join(profile, 'parley.db'), key });
  backend = createBackend({ store });
  const window = createWindow();
  const unbind = bindBackend(backend, window.webContents);
  window.on('closed', unbind);
  await backend.start();
}

app.on('window-all-closed', () => app.quit());
app.on('before-quit', () => {
  void backend?.stop();
});
void main();
