import type { DesktopPrefs, DesktopView } from '@parley/contract';
import type { DesktopBridge } from './bridge';

/** A stand-in for the preload's `window.parleyDesktop`, for renderer tests. */
export class FakeDesktopBridge implements DesktopBridge {
  readonly reports: unknown[] = [];
  readonly patches: unknown[] = [];
  readonly languages: unknown[] = [];
  /** Call notices the page asked main to show (null: take it away). */
  readonly notices: unknown[] = [];
  mentions = 0;
  shows = 0;
  refuse: string | null = null;
  private listener: ((action: unknown) => void) | null = null;
  view: DesktopView;

  constructor(prefs: Partial<DesktopPrefs> = {}, view: Partial<DesktopView> = {}) {
    this.view = {
      prefs: {
        closeToTray: false,
        startMinimised: false,
        startAtLogin: false,
        spellCheck: { enabled: false, languages: [] },
        lastConversation: null,
        autoUpdate: true,
        ...prefs,
      },
      platform: 'linux',
      spellCheckDownloads: true,
      spellLanguages: ['de-DE', 'en-US', 'fr'],
      ...view,
    };
  }

  getSettings = (): Promise<unknown> => Promise.resolve(structuredClone(this.view));
  setSettings = (patch: unknown): Promise<unknown> => {
    this.patches.push(patch);
    if (this.refuse) return Promise.resolve({ ok: false, message: this.refuse });
    this.view = { ...this.view, prefs: { ...this.view.prefs, ...(patch as object) } };
    return Promise.resolve({ ok: true, view: structuredClone(this.view) });
  };
  report = (report: unknown): void => {
    this.reports.push(report);
  };
  mention = (): void => {
    this.mentions++;
  };
  show = (): void => {
    this.shows++;
  };
  setLanguage = (language: unknown): void => {
    this.languages.push(language);
  };
  callNotice = (notice: unknown): void => {
    this.notices.push(notice);
  };
  onAction = (listener: (action: unknown) => void): (() => void) => {
    this.listener = listener;
    return () => {
      this.listener = null;
    };
  };
  /** Main sends a tray action (or something that is not one). */
  act(action: unknown): void {
    this.listener?.(action);
  }
  get listening(): boolean {
    return this.listener !== null;
  }
}
