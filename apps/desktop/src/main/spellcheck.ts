import type { MenuItemConstructorOptions } from 'electron';
import type { DesktopSettings } from '@parley/contract';
import { tFor } from './i18n.js';

const t = tFor('desktop');

/** Where Electron fetches Hunspell dictionaries by default (Google's CDN). */
export const GOOGLE_DICTIONARY_URL = 'https://redirector.gvt1.com/edgedl/chrome/dict/';
/**
 * Where the downloader is pointed until the user agrees: a closed port on this machine, so
 * nothing leaves it (the Chromium downloader has no "off" switch of its own).
 */
export const NO_DOWNLOAD_URL = 'http://127.0.0.1:9/parley-spellcheck-off/';
export const MAX_SUGGESTIONS = 5;

/** Whether turning spell check on downloads dictionaries (macOS uses the system's checker). */
export function spellCheckDownloads(platform: NodeJS.Platform): boolean {
  return platform === 'win32' || platform === 'linux';
}

export interface SpellCheckPlan {
  enabled: boolean;
  /** The dictionary URL to set; null where there is no downloader (macOS). */
  downloadUrl: string | null;
  /** The languages to check; null where the system chooses (macOS) or when off. */
  languages: string[] | null;
}

/**
 * What the session's spell checker does. Off (the default) it is disabled and its downloader
 * points nowhere; on, which in the settings means the user agreed to the download, it checks
 * the chosen languages that this Electron knows, or the system's language.
 */
export function spellCheckPlan(
  spellCheck: DesktopSettings['spellCheck'],
  platform: NodeJS.Platform,
  available: readonly string[],
  locale: string,
): SpellCheckPlan {
  const downloads = spellCheckDownloads(platform);
  if (!spellCheck.enabled) {
    return { enabled: false, downloadUrl: downloads ? NO_DOWNLOAD_URL : null, languages: null };
  }
  if (!downloads) return { enabled: true, downloadUrl: null, languages: null };
  const known = new Set(available);
  const chosen = spellCheck.languages.filter((code) => known.has(code));
  const base = locale.split('-')[0] ?? '';
  const fallback = [locale, base, 'en-US'].find((code) => known.has(code));
  return {
    enabled: true,
    downloadUrl: GOOGLE_DICTIONARY_URL,
    languages: chosen.length > 0 ? chosen : fallback ? [fallback] : [],
  };
}

/** The part of Electron's Session the spell checker uses. */
export interface SpellSession {
  setSpellCheckerEnabled(enable: boolean): void;
  setSpellCheckerDictionaryDownloadURL(url: string): void;
  setSpellCheckerLanguages(languages: string[]): void;
}

/** Applies a plan; the URL first, so no download can start from the old one. */
export function applySpellCheck(session: SpellSession, plan: SpellCheckPlan): void {
  if (plan.downloadUrl !== null) session.setSpellCheckerDictionaryDownloadURL(plan.downloadUrl);
  if (!plan.enabled) {
    session.setSpellCheckerEnabled(false);
    return;
  }
  if (plan.languages && plan.languages.length > 0) session.setSpellCheckerLanguages(plan.languages);
  session.setSpellCheckerEnabled(true);
}

/** The fields of Electron's context-menu params this menu reads. */
export interface ContextParams {
  isEditable: boolean;
  selectionText: string;
  misspelledWord: string;
  dictionarySuggestions: string[];
  editFlags: { canCut: boolean; canCopy: boolean; canPaste: boolean; canSelectAll: boolean };
}

export interface SpellActions {
  replace(word: string): void;
  addToDictionary(word: string): void;
}

/**
 * The right-click menu of the page where it has none of its own: in an editable field, the
 * spelling suggestions and "Add to dictionary" for a misspelled word, then the editing roles;
 * over selected text, Copy. Empty (no menu) elsewhere.
 */
export function contextMenuTemplate(
  params: ContextParams,
  actions: SpellActions,
): MenuItemConstructorOptions[] {
  if (!params.isEditable) {
    return params.selectionText && params.editFlags.canCopy ? [{ role: 'copy' }] : [];
  }
  const spelling: MenuItemConstructorOptions[] = [];
  const word = params.misspelledWord;
  if (word) {
    const suggestions = params.dictionarySuggestions.slice(0, MAX_SUGGESTIONS);
    for (const suggestion of suggestions) {
      spelling.push({ label: suggestion, click: () => actions.replace(suggestion) });
    }
    if (suggestions.length === 0) spelling.push({ label: t('No suggestions'), enabled: false });
    spelling.push(
      { label: t('Add to dictionary'), click: () => actions.addToDictionary(word) },
      { type: 'separator' },
    );
  }
  const { editFlags } = params;
  return [
    ...spelling,
    { role: 'cut', enabled: editFlags.canCut },
    { role: 'copy', enabled: editFlags.canCopy },
    { role: 'paste', enabled: editFlags.canPaste },
    { type: 'separator' },
    { role: 'selectAll', enabled: editFlags.canSelectAll },
  ];
}
