import { callMediaGate } from './media-permission.js';
import { CallNotices, type NoticeHandle, type NoticeOptions } from './call-notification.js';
import type {
  App,
  BrowserWindow,
  ContextMenuParams,
  Menu,
  NativeImage,
  Screen,
  Tray,
  nativeImage as NativeImageModule,
} from 'electron';
import type { DesktopView, TrayShow } from '@parley/contract';
import { setStartAtLogin, type AutostartEnv } from './autostart.js';
import { Attention } from './badge.js';
import {
  bindDesktopBridge,
  sendAction,
  type BridgeIpc,
  type SetPrefsResult,
} from './desktop-bridge.js';
import { applyPatch, DesktopSettingsFile, prefsOf } from './desktop-settings.js';
import {
  applySpellCheck,
  contextMenuTemplate,
  spellCheckDownloads,
  spellCheckPlan,
  type SpellSession,
} from './spellcheck.js';
import { onMainLanguage, setMainLanguage, systemLanguage, tFor } from './i18n.js';
import { EMPTY_REPORT, ShellTray } from './shell-tray.js';
import type { TrayActions } from './tray.js';
import type { UpdateControl, UpdatePrefs } from './auto-update-electron.js';
import { captureWindow, restoreWindow, type RestoredWindow } from './window-state.js';

/** The Electron pieces the shell uses, passed in so it runs under Node with a fake. */
export interface ShellElectron {
  app: Pick<App, 'getLocale' | 'setBadgeCount' | 'setLoginItemSettings' | 'quit'> & {
    dock?: Pick<NonNullable<App['dock']>, 'bounce' | 'cancelBounce'>;
  };
  Menu: Pick<typeof Menu, 'buildFromTemplate'>;
  nativeImage: Pick<typeof NativeImageModule, 'createFromBitmap'>;
  screen: Pick<Screen, 'getAllDisplays' | 'getPrimaryDisplay'>;
  ipcMain: BridgeIpc;
  /** Makes the tray icon; throws where the desktop has no tray. */
  createTray(image: NativeImage): Tray;
  /** A system notification (Electron's Notification), for a call ringing here. */
  createNotice(options: NoticeOptions): NoticeHandle;
}

export interface ShellOptions {
  electron: ShellElectron;
  platform: NodeJS.Platform;
  /** The profile folder, where desktop-settings.json lives. */
  userData: string;
  autostart: Omit<AutostartEnv, 'platform'>;
  session: SpellSession & { readonly availableSpellCheckerLanguages: string[] };
}

/** How the window first appears: shown, hidden in the tray, or minimised to the taskbar. */
export function startupMode(
  startMinimised: boolean,
  hasTray: boolean,
): 'show' | 'tray' | 'minimise' {
  if (!startMinimised) return 'show';
  return hasTray ? 'tray' : 'minimise';
}

const SAVE_DELAY_MS = 500;

const t = tFor('desktop');

/**
 * Parley's place on the desktop: the desktop settings file, the tray icon and its menu, the
 * unread badge, attention requests, spell check, the window's remembered place, close to tray,
 * start minimised and start at login. All decisions are in plain modules; this ties them to
 * the Electron objects.
 */
export class DesktopShell {
  readonly settings: DesktopSettingsFile;
  private window: BrowserWindow | null = null;
  /** Held here so the tray icon lives as long as the window (a collected Tray vanishes). */
  private tray: ShellTray | null = null;
  private attention: Attention | null = null;
  private quitting = false;
  private maximiseOnShow = false;
  private saveTimer: ReturnType<typeof setTimeout> | null = null;
  private updates: UpdateControl | null = null;

  constructor(private readonly options: ShellOptions) {
    this.settings = new DesktopSettingsFile(options.userData);
    // The system's language until the window says which one it shows.
    setMainLanguage(systemLanguage([options.electron.app.getLocale()]));
    // Before any window exists, so no dictionary download starts without the user's consent.
    this.applySpellCheck();
    if (this.settings.get().startAtLogin) this.applyStartAtLogin(true);
  }

  /** Size and place for the main window's constructor. */
  windowBounds(): RestoredWindow {
    const { screen } = this.options.electron;
    return restoreWindow(
      this.settings.get().window,
      screen.getAllDisplays().map((display) => display.workArea),
      screen.getPrimaryDisplay().workArea,
    );
  }

  /** Takes charge of the main window: showing it, closing, its place, tray, badge, bridge. */
  attach(window: BrowserWindow): () => void {
    const { electron, platform } = this.options;
    this.window = window;
    this.attention = new Attention(platform, window, electron.app.dock ?? null);
    const tray = new ShellTray(electron, platform, window, this.trayActions());
    this.tray = tray;
    const restored = this.windowBounds();
    window.once('ready-to-show', () => {
      const mode = startupMode(this.settings.get().startMinimised, tray.present);
      this.maximiseOnShow = restored.maximised;
      if (mode === 'show') this.showWindow();
      else if (mode === 'minimise') {
        window.showInactive();
        window.minimize();
      }
    });
    window.on('close', (event) => {
      this.saveBoundsNow();
      if (this.settings.get().closeToTray && tray.present && !this.quitting) {
        event.preventDefault();
        window.hide();
      }
    });
    const later = () => this.saveBoundsLater();
    window.on('resize', later);
    window.on('move', later);
    window.on('maximize', later);
    window.on('unmaximize', later);
    window.on('focus', () => this.attention?.focused());
    window.on('show', () => tray.refreshMenu());
    window.on('hide', () => tray.refreshMenu());
    const contents = window.webContents;
    contents.on('context-menu', (_event, params: ContextMenuParams) => {
      const template = contextMenuTemplate(params, {
        replace: (word) => contents.replaceMisspelling(word),
        addToDictionary: (word) => contents.session.addWordToSpellCheckerDictionary(word),
      });
      if (template.length > 0) electron.Menu.buildFromTemplate(template).popup({ window });
    });
    const callNotices = new CallNotices(
      (options) => electron.createNotice(options),
      (action) => sendAction(contents, action),
      () => this.showWindow(),
    );
    const unbind = bindDesktopBridge(electron.ipcMain, contents, {
      view: () => this.view(),
      setPrefs: (patch) => Promise.resolve(this.setPrefs(patch)),
      report: (report) => tray.show(report),
      mention: () => this.attention?.mention(),
      show: () => this.showWindow(),
      setLanguage: (language) => setMainLanguage(language),
      callMedia: (grant) => callMediaGate.set(grant),
      callNotice: (notice) => callNotices.set(notice),
    });
    // The tooltip and menu again in the new language.
    const offLanguage = onMainLanguage(() => tray.show(tray.lastReport));
    tray.show(EMPTY_REPORT);
    return () => {
      unbind();
      callMediaGate.set(null);
      callNotices.set(null);
      offLanguage();
      if (this.saveTimer) clearTimeout(this.saveTimer);
      tray.destroy();
      this.tray = null;
      this.window = null;
      this.attention = null;
    };
  }

  /** Quit was asked for (menu, tray, OS): closing must now really close. */
  prepareQuit(): void {
    this.quitting = true;
  }

  /** Brings the window to the front (tray, Dock, a second start). */
  showWindow(): void {
    const window = this.window;
    if (!window || window.isDestroyed()) return;
    if (this.maximiseOnShow) {
      this.maximiseOnShow = false;
      window.maximize();
    }
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  }

  /** The automatic-updates setting as the updater reads and (from its dialog) turns off. */
  readonly updatePrefs: UpdatePrefs = {
    enabled: () => this.settings.get().autoUpdate,
    turnOff: () => {
      try {
        this.settings.save({ ...this.settings.get(), autoUpdate: false });
      } catch (error) {
        console.warn('Parley updates: could not save the setting', error);
      }
    },
  };

  /** The updater (auto-update-electron.ts), which the autoUpdate setting starts and stops. */
  bindUpdates(control: UpdateControl): void {
    this.updates = control;
  }

  view(): DesktopView {
    const { platform, session } = this.options;
    return {
      updates: this.updates?.manager ?? 'none',
      prefs: prefsOf(this.settings.get()),
      platform:
        platform === 'darwin' || platform === 'win32' || platform === 'linux' ? platform : 'other',
      spellCheckDownloads: spellCheckDownloads(platform),
      spellLanguages: spellCheckDownloads(platform)
        ? session.availableSpellCheckerLanguages.slice(0, 500)
        : [],
    };
  }

  /** A change from the Desktop settings section, checked, applied, then saved. */
  setPrefs(patch: unknown): SetPrefsResult {
    const current = this.settings.get();
    const result = applyPatch(current, patch);
    if (!result.ok) return result;
    const next = result.settings;
    const problem = this.languageProblem(next.spellCheck.languages);
    if (problem) return { ok: false, message: problem };
    if (next.startAtLogin !== current.startAtLogin) {
      try {
        this.applyStartAtLogin(next.startAtLogin);
      } catch (error) {
        return {
          ok: false,
          message: t('Could not change start at login: {{error}}', { error: String(error) }),
        };
      }
    }
    try {
      this.settings.save(next);
    } catch (error) {
      return {
        ok: false,
        message: t('Could not save the desktop settings: {{error}}', { error: String(error) }),
      };
    }
    this.applySpellCheck();
    if (next.autoUpdate !== current.autoUpdate) this.updates?.setEnabled(next.autoUpdate);
    return { ok: true, view: this.view() };
  }

  /** A language the spell checker here does not know (where it downloads, it must know it). */
  private languageProblem(languages: readonly string[]): string | null {
    const { platform, session } = this.options;
    if (!spellCheckDownloads(platform)) return null;
    const known = new Set(session.availableSpellCheckerLanguages);
    const unknown = languages.find((code) => !known.has(code));
    return unknown === undefined
      ? null
      : t('The spell checker does not know the language {{code}}.', { code: unknown });
  }

  /** Applies the spell-check setting; if that fails, spell check is left off (never on). */
  private applySpellCheck(): void {
    const { platform, session, electron } = this.options;
    try {
      applySpellCheck(
        session,
        spellCheckPlan(
          this.settings.get().spellCheck,
          platform,
          session.availableSpellCheckerLanguages,
          electron.app.getLocale(),
        ),
      );
    } catch (error) {
      console.warn(`[parley] spell check could not be set up: ${String(error)}`);
      session.setSpellCheckerEnabled(false);
    }
  }

  private applyStartAtLogin(enabled: boolean): void {
    setStartAtLogin(
      enabled,
      { ...this.options.autostart, platform: this.options.platform },
      this.options.electron.app,
    );
  }

  private saveBoundsLater(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.saveBoundsNow(), SAVE_DELAY_MS);
  }

  private saveBoundsNow(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    const window = this.window;
    // Minimised, a window's bounds are the taskbar's idea of it: keep the last real place.
    if (!window || window.isDestroyed() || window.isMinimized()) return;
    try {
      this.settings.save({ ...this.settings.get(), window: captureWindow(window) });
    } catch (error) {
      console.warn(`[parley] could not save the window's place: ${String(error)}`);
    }
  }

  private toggleWindow(): void {
    const window = this.window;
    if (!window || window.isDestroyed()) return;
    if (window.isVisible() && !window.isMinimized()) window.hide();
    else this.showWindow();
  }

  private trayActions(): TrayActions {
    return {
      setPresence: (show: TrayShow) => {
        if (this.window) sendAction(this.window.webContents, { kind: 'presence', show });
      },
      openChat: (chat: { accountId: string; peer: string }) => {
        this.showWindow();
        if (this.window) sendAction(this.window.webContents, { kind: 'open', chat });
      },
      toggleWindow: () => this.toggleWindow(),
      quit: () => {
        this.quitting = true;
        this.options.electron.app.quit();
      },
    };
  }
}
