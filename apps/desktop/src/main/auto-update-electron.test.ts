import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { channelFile, publicKeyOf, signUpdate } from './auto-update-signature.js';

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
    stops.push(startAutoUpdate(() => null));
    expect(fake.updater.autoDownload).toBe(true);
    expect(fake.updater.listenerCount('update-available')).toBe(0);
    expect(console.info).toHaveBeenCalledWith(
      expect.stringMatching(/off \(the system package manager/),
    );
  });

  it('takes no feed but https, and none without the built-in key', () => {
    writeFileSync(
      join(fake.dirs.resources, 'app-update.yml'),
      'provider: generic\nurl: http://x.org/\n',
    );
    stops.push(startAutoUpdate(() => null));
    writeFileSync(
      join(fake.dirs.resources, 'app-update.yml'),
      'provider: generic\nurl: https://updates.example.org/\n',
    );
    writeFileSync(join(fake.dirs.app, 'package.json'), '{}');
    stops.push(startAutoUpdate(() => null));
    expect(fake.updater.listenerCount('update-available')).toBe(0);
  });

  it('checks the signature beside this platform’s metadata, asks, and downloads on yes', async () => {
    fake.answers = [0, 1];
    stops.push(startAutoUpdate(() => null));
    expect(fake.updater.autoDownload).toBe(false);
    fake.updater.emit('update-available', release);
    await settle();
    expect(fake.fetched).toEqual([
      `https://updates.example.org/parley/${channelFile(process.platform, process.arch)}.sig`,
    ]);
    expect(fake.updater['downloads']).toBe(1);
  });

  it('keeps "turn off" in the profile, and stays off at the next start', async () => {
    fake.answers = [2];
    stops.push(startAutoUpdate(() => null));
    fake.updater.emit('update-available', release);
    await settle();
    const saved = join(fake.dirs.userData, 'update-preferences.json');
    expect(existsSync(saved)).toBe(true);
    expect(JSON.parse(readFileSync(saved, 'utf8'))).toEqual({ automatic: false });
    expect(fake.updater['downloads']).toBe(0);
    fake.updater.removeAllListeners();
    stops.push(startAutoUpdate(() => null));
    expect(fake.updater.listenerCount('update-available')).toBe(0);
    expect(console.info).toHaveBeenLastCalledWith(expect.stringMatching(/turned off/));
  });
});
