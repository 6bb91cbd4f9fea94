import {
  desktopAction,
  desktopView,
  type DesktopAction,
  type DesktopPrefsPatch,
  type DesktopReport,
  type DesktopView,
} from '@parley/contract';
import { tFor } from '../../i18n';

const t = tFor('desktop');

/** `window.parleyDesktop`, from the Electron preload (preload/desktop.ts); absent in a browser. */
export interface DesktopBridge {
  getSettings(): Promise<unknown>;
  setSettings(patch: unknown): Promise<unknown>;
  report(report: unknown): void;
  mention(): void;
  show(): void;
  onAction(listener: (action: unknown) => void): () => void;
  /** The interface language, for main's tray, menus and dialogs (absent in older preloads). */
  setLanguage?(language: unknown): void;
  /** A call's devices ({ media }) or null: main lets getUserMedia through only then. */
  callMedia?(grant: unknown): void;
  /** A call ringing here (CallNotice), for main's notification with Answer and Decline; null
   * once it stopped ringing. */
  callNotice?(notice: unknown): void;
  /** Main asks which screen or window to share (ScreenSources); returns the unsubscribe. */
  onScreenSources?(listener: (request: unknown) => void): () => void;
  /** The user's pick for it (ScreenChoice): a source id, or null. */
  screenChoice?(choice: unknown): void;
}

declare global {
  interface Window {
    parleyDesktop?: DesktopBridge;
  }
}

/** The desktop bridge when this is the desktop app (every function present), else null. */
export function desktopBridge(win: Window = window): DesktopBridge | null {
  const bridge = win.parleyDesktop;
  if (!bridge) return null;
  const complete = (
    ['getSettings', 'setSettings', 'report', 'mention', 'show', 'onAction'] as const
  ).every((name) => typeof bridge[name] === 'function');
  return complete ? bridge : null;
}

/** The desktop settings and what the system offers; checked, since main is another process. */
export async function loadDesktopView(bridge: DesktopBridge): Promise<DesktopView> {
  const parsed = desktopView.safeParse(await bridge.getSettings());
  if (!parsed.success) throw new Error(t('The desktop settings could not be read.'));
  return parsed.data;
}

/** Changes desktop settings; the new view, or an error with main's reason in words. */
export async function changeDesktopPrefs(
  bridge: DesktopBridge,
  patch: DesktopPrefsPatch,
): Promise<DesktopView> {
  const answer = (await bridge.setSettings(patch)) as { ok?: unknown; message?: unknown } | null;
  if (answer && answer.ok === false && typeof answer.message === 'string') {
    throw new Error(answer.message);
  }
  const parsed = desktopView.safeParse(
    answer && answer.ok === true ? (answer as { view?: unknown }).view : undefined,
  );
  if (!parsed.success) throw new Error(t('The desktop settings could not be saved.'));
  return parsed.data;
}

/** Listens for tray actions; anything that is not one is ignored. */
export function onDesktopAction(
  bridge: DesktopBridge,
  listener: (action: DesktopAction) => void,
): () => void {
  return bridge.onAction((raw) => {
    const parsed = desktopAction.safeParse(raw);
    if (parsed.success) listener(parsed.data);
  });
}

export function sendReport(bridge: DesktopBridge, report: DesktopReport): void {
  bridge.report(report);
}

/**
 * Brings Parley's window to the front (a notification was clicked): the page's own focus, and
 * in the desktop app main's, which also shows a window hidden in the tray.
 */
export function bringToFront(win: Window = window): void {
  win.focus();
  desktopBridge(win)?.show();
}
