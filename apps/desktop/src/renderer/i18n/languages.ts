// The interface languages and how a choice resolves to one. No React and no DOM here: Electron
// main imports this too, so its tray, menus and dialogs pick the same language as the window.

export type LanguageCode = 'en' | 'de' | 'ar';

export interface Language {
  code: LanguageCode;
  /** The language's name in itself, as language pickers show it. */
  name: string;
  dir: 'ltr' | 'rtl';
}

/** Complete translations: the tests check every key of English exists in each of them. */
export const LANGUAGES: readonly Language[] = [
  { code: 'en', name: 'English', dir: 'ltr' },
  { code: 'de', name: 'Deutsch', dir: 'ltr' },
  { code: 'ar', name: 'العربية', dir: 'rtl' },
];

const SUPPORTED = new Set<string>(LANGUAGES.map((l) => l.code));

/**
 * The language for a choice: 'system' takes the first of the system's languages we have, by
 * its base ("de-AT" → de), else English.
 */
export function resolveLanguageFrom(
  choice: string,
  systemLanguages: readonly string[],
): LanguageCode {
  if (SUPPORTED.has(choice)) return choice as LanguageCode;
  for (const tag of systemLanguages) {
    const base = tag.toLowerCase().split(/[-_]/u)[0] ?? '';
    if (SUPPORTED.has(base)) return base as LanguageCode;
  }
  return 'en';
}

export function languageDir(code: string): 'ltr' | 'rtl' {
  return LANGUAGES.find((l) => l.code === code)?.dir ?? 'ltr';
}
