import type { TFunction } from 'i18next';
import { uiLanguage, type UiLanguage } from '@parley/contract';
import { createDesktopI18n } from '../renderer/i18n/desktop-i18n.js';
import { resolveLanguageFrom } from '../renderer/i18n/languages.js';

/**
 * Main's texts (tray, menus, update and error dialogs, the unlock window's title) in the
 * interface's language. Until the renderer says which one it shows (setLanguage over the
 * desktop bridge), the system's, resolved as the renderer resolves "Follow the system".
 */
const instance = createDesktopI18n();
const listeners = new Set<(language: UiLanguage) => void>();

/** `t` for main's namespace; reads the current language at each call. */
export function tFor(ns: 'desktop'): TFunction {
  return instance.getFixedT(null, ns);
}

export function mainLanguage(): UiLanguage {
  return uiLanguage.catch('en').parse(instance.language);
}

/** The language for the system's locales (app.getLocale(), preferred languages), else English. */
export function systemLanguage(locales: readonly string[]): UiLanguage {
  return resolveLanguageFrom('system', locales);
}

/**
 * Switches main's texts; a payload that is not one of the supported codes is refused (false)
 * and changes nothing. Listeners (tray, app menu) rebuild on a real change.
 */
export function setMainLanguage(payload: unknown): boolean {
  const parsed = uiLanguage.safeParse(payload);
  if (!parsed.success) return false;
  if (parsed.data === mainLanguage()) return true;
  void instance.changeLanguage(parsed.data);
  for (const listener of listeners) listener(parsed.data);
  return true;
}

/** Called after each change of language; returns the unsubscribe. */
export function onMainLanguage(listener: (language: UiLanguage) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
