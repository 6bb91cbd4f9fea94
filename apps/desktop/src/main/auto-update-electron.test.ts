import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { channelFile, publicKeyOf, signUpdate } from './auto-update-signature.js';
import { DESKTOP_SETTINGS_FILE, DesktopSettingsFile } from './desktop-settings.js';

const secret = '5a'.repeat(32);
const release = {
  version: '9.9.9',
  files: [{ url: 'Parley-9.9.9.AppImage', sha512: 'aGk=', size: 1 }],
};

/** The Electron and electron-updater APIs auto-update-electron.ts uses, faked. */
const fake = vi.hoisted(() => ({
  dirs: { resources: '', app: '', userData: '' },
  isPackaged: true,
  answers: [] as number[],
  fetched: [] as string[],
  signature: '',
  updater: null as unknown as EventEmitter & Record<string, unknown>,
}));

vi.mock('electron', () => ({
  app: {
    get isPackaged() {
      return fake.isPackaged;
    },
    getAppPath: () => fake.dirs.app,
    getPath: () => fake.dirs.userData,
  },
  dialog: {
    showMessageBox: async () => ({ response: fake.answers.shift() ?? 1 }),
  },
  net: {
    fetch: async (url: string) => {
      fake.fetched.push(url);
      return { ok: true, status: 200, text: async () => fake.signature };
    },
  },
}));

vi.mock('electron-updater', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const updater = Object.assign(new Emitter(), {
    autoDownload: true,
    autoInstallOnAppQuit: true,
    allowDowngrade: false,
    disableWebInstaller: false,
    downloads: 0,
    checkForUpdates: async () => null,
    downloadUpdate: async () => {
      updater.downloads += 1;
      return [];
    },
    quitAndInstall: () => {},
  });
  fake.updater = updater as unknown as EventEmitter & Record<string, unknown>;
  return { default: { autoUpdater: updater } };
});

const { startAutoUpdate } = await import('./auto-update-electron.js');
const settle = async () => {
  for (let i = 0; i < 20; i += 1) await new Promise((r) => setImmediate(r));
};

const stops: (() => void)[] = [];

/** The setting as the desktop shell keeps it: desktop-settings.json in the profile. */
function settingsFile() {
  const file = new DesktopSettingsFile(fake.dirs.userData);
  const prefs = {
    enabled: () => file.get().autoUpdate,
    turnOff: () => file.save({ ...file.get(), autoUpdate: false }),
  };
  return { file, prefs };
}

/** Starts the updater over the profile's settings file; stopped after the test. */
function start() {
  const control = startAutoUpdate(() => null, settingsFile().prefs);
  stops.push(() => control.stop());
  return control;
}

beforeEach(() => {
  for (const name of ['resources', 'app', 'userData'] as const) {
    fake.dirs[name] = mkdtempSync(join(tmpdir(), `parley-update-${name}-`));
  }
  Object.defineProperty(process, 'resourcesPath', {
    value: fake.dirs.resources,
    configurable: true,
  });
  writeFileSync(
    join(fake.dirs.resources, 'app-update.yml'),
    'provider: generic\nurl: https://updates.example.org/parley/\n',
  );
  writeFileSync(
    join(fake.dirs.app, 'package.json'),
    JSON.stringify({ parleyUpdate: { publicKey: publicKeyOf(secret) } }),
  );
  fake.isPackaged = true;
  fake.answers = [];
  fake.fetched = [];
  fake.signature = signUpdate(release, secret);
  fake.updater.autoDownload = true;
  fake.updater['downloads'] = 0;
  fake.updater.removeAllListeners();
  vi.stubEnv('APPIMAGE', '/home/me/Parley.AppImage');
  vi.stubEnv('FLATPAK_ID', '');
  vi.stubEnv('SNAP', '');
  vi.spyOn(console, 'info').mockImplementation(() => {});
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});

afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  for (const dir of Object.values(fake.dirs)) rmSync(dir, { recursive: true, force: true });
});

describe('startAutoUpdate (Electron side)', () => {
  it('leaves a deb or rpm copy alone: electron-updater is never set up', () => {
    vi.stubEnv('APPIMAGE', '');
    expect(start().manager).toBe('system');
    expect(fake.updater.autoDownload).toBe(true);
    expect(fake.updater.listenerCount('update-available')).toBe(0);
    expect(console.info).toHaveBeenCalledWith(expect.stringMatching(/not by Parley here/));
  });

  it('takes no feed but https, and none without the built-in key', () => {
    writeFileSync(
      join(fake.dirs.resources, 'app-update.yml'),
      'provider: generic\nurl: http://x.org/\n',
    );
    start();
    writeFileSync(
      join(fake.dirs.resources, 'app-update.yml'),
      'provider: generic\nurl: https://updates.example.org/\n',
    );
    writeFileSync(join(fake.dirs.app, 'package.json'), '{}');
    start();
    expect(fake.updater.listenerCount('update-available')).toBe(0);
  });

  it('checks the signature beside this platform’s metadata, asks, and downloads on yes', async () => {
    fake.answers = [0, 1];
    start();
    expect(fake.updater.autoDownload).toBe(false);
    fake.updater.emit('update-available', release);
    await settle();
    expect(fake.fetched).toEqual([
      `https://updates.example.org/parley/${channelFile(process.platform, process.arch)}.sig`,
    ]);
    expect(fake.updater['downloads']).toBe(1);
  });

  it('keeps "turn off" in desktop-settings.json, and stays off at the next start', async () => {
    fake.answers = [2];
    start();
    fake.updater.emit('update-available', release);
    await settle();
    expect(settingsFile().file.get().autoUpdate).toBe(false);
    expect(fake.updater['downloads']).toBe(0);
    fake.updater.removeAllListeners();
    expect(start().manager).toBe('parley');
    expect(fake.updater.listenerCount('update-available')).toBe(0);
  });

  it('reads an older "turned off" into desktop-settings.json once', () => {
    const legacy = join(fake.dirs.userData, 'update-preferences.json');
    writeFileSync(legacy, JSON.stringify({ automatic: false }));
    start();
    expect(existsSync(legacy)).toBe(false);
    const saved = readFileSync(join(fake.dirs.userData, DESKTOP_SETTINGS_FILE), 'utf8');
    expect(JSON.parse(saved)).toMatchObject({ autoUpdate: false });
    expect(fake.updater.listenerCount('update-available')).toBe(0);
  });

  it('is turned on and off by the setting while running', async () => {
    const { file } = settingsFile();
    file.save({ ...file.get(), autoUpdate: false });
    const control = start();
    expect(fake.updater.listenerCount('update-available')).toBe(0);
    control.setEnabled(true);
    expect(fake.updater.listenerCount('update-available')).toBe(1);
    control.setEnabled(false);
    control.setEnabled(true);
    // One updater, made once: turning it on again adds no second set of listeners.
    expect(fake.updater.listenerCount('update-available')).toBe(1);
  });
});
