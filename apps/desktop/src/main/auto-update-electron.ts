/**
 * The Electron side of Parley's updater (auto-update.ts): electron-updater, the two questions
 * as dialogs over the main window, the "turned off" choice in a small file in the profile, and
 * the metadata signature fetched through Electron's network stack (system proxy settings).
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { app, dialog, net, type BrowserWindow, type MessageBoxOptions } from 'electron';
import electronUpdater from 'electron-updater';
import { load } from 'js-yaml';
import { AutoUpdate, type UpdaterLike } from './auto-update.js';
import type { UpdateManager } from '@parley/contract';
import { updateManager } from './auto-update-policy.js';
import { channelFile } from './auto-update-signature.js';
import { installQuestion, restartQuestion } from './update-dialogs.js';

/** Where older versions kept "turned off": read once into desktop-settings.json, then removed. */
const legacyPreferencesFile = (): string =>
  join(app.getPath('userData'), 'update-preferences.json');

function legacyTurnedOff(): boolean {
  try {
    const saved = JSON.parse(readFileSync(legacyPreferencesFile(), 'utf8')) as {
      automatic?: unknown;
    };
    return saved.automatic === false;
  } catch {
    return false;
  }
}

/** The automatic-updates setting, kept in desktop-settings.json by the desktop shell. */
export interface UpdatePrefs {
  enabled(): boolean;
  /** The person chose "Turn off automatic updates" in the update dialog. */
  turnOff(): void;
}

/** The updater as the Desktop settings drive it. */
export interface UpdateControl {
  readonly manager: UpdateManager;
  /** Starts or stops looking for updates (a change of the setting). */
  setEnabled(on: boolean): void;
  stop(): void;
}

/** The feed electron-builder wrote at packaging (PARLEY_UPDATE_URL), if any. */
function feedUrl(): string | null {
  const file = join(process.resourcesPath, 'app-update.yml');
  if (!existsSync(file)) return null;
  const config = load(readFileSync(file, 'utf8')) as { provider?: string; url?: string } | null;
  return config?.provider === 'generic' && config.url?.startsWith('https://') ? config.url : null;
}

/** The metadata key electron-builder.config.ts put into the packaged package.json. */
function publicKey(): string | null {
  try {
    const pkg = JSON.parse(readFileSync(join(app.getAppPath(), 'package.json'), 'utf8')) as {
      parleyUpdate?: { publicKey?: unknown };
    };
    const key = pkg.parleyUpdate?.publicKey;
    return typeof key === 'string' ? key : null;
  } catch {
    return null;
  }
}

async function ask(
  window: () => BrowserWindow | null,
  options: MessageBoxOptions,
): Promise<number> {
  const shown = window();
  const result = shown
    ? await dialog.showMessageBox(shown, options)
    : await dialog.showMessageBox(options);
  return result.response;
}

/**
 * Looks for updates where this copy may update itself and the setting is on; the setting can
 * turn it on and off while running. Logs why not otherwise (a deb, rpm or Flatpak is updated
 * by the system that installed it).
 */
export function startAutoUpdate(
  window: () => BrowserWindow | null,
  prefs: UpdatePrefs,
): UpdateControl {
  const feed = feedUrl();
  const key = publicKey();
  if (legacyTurnedOff()) {
    prefs.turnOff();
    rmSync(legacyPreferencesFile(), { force: true });
  }
  const manager = updateManager({
    platform: process.platform,
    env: process.env,
    isPackaged: app.isPackaged,
    flatpakInfoExists: existsSync('/.flatpak-info'),
    feedConfigured: feed !== null,
    publicKey: key,
  });
  if (manager !== 'parley' || !feed || !key) {
    console.info(`Parley updates: not by Parley here (${manager})`);
    return { manager, setEnabled() {}, stop() {} };
  }
  // Made once: electron-updater is one object, and its listeners are added in the constructor.
  let update: AutoUpdate | null = null;
  const setEnabled = (on: boolean): void => {
    if (on) {
      update ??= makeUpdater(window, prefs, feed, key);
      update.start();
    } else {
      update?.stop();
    }
  };
  setEnabled(prefs.enabled());
  return { manager, setEnabled, stop: () => setEnabled(false) };
}

function makeUpdater(
  window: () => BrowserWindow | null,
  prefs: UpdatePrefs,
  feed: string,
  key: string,
): AutoUpdate {
  const updater = electronUpdater.autoUpdater as unknown as UpdaterLike;
  const signatureUrl = `${feed.replace(/\/+$/, '')}/${channelFile(process.platform, process.arch)}.sig`;
  const update = new AutoUpdate({
    updater,
    publicKey: key,
    async fetchSignature() {
      const response = await net.fetch(signatureUrl, { cache: 'no-store' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return (await response.text()).slice(0, 1024);
    },
    async askInstall(version) {
      const answer = await ask(window, installQuestion(version));
      return answer === 0 ? 'install' : answer === 2 ? 'turn-off' : 'later';
    },
    async askRestart(version) {
      const answer = await ask(window, restartQuestion(version));
      return answer === 0 ? 'restart' : 'on-quit';
    },
    turnOff: () => prefs.turnOff(),
    log: (message) => console.warn(`Parley updates: ${message}`),
    setTimer(run, ms) {
      const timer = setTimeout(run, ms);
      timer.unref();
      return { cancel: () => clearTimeout(timer) };
    },
  });
  return update;
}
