import i18next, { type TFunction } from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import {
  LANGUAGES,
  languageDir,
  resolveLanguageFrom,
  type Language,
  type LanguageCode,
} from './languages';
import { languageResources, NAMESPACES, resources, type Namespace } from './resources';

export { NAMESPACES, type Namespace };

export { LANGUAGES, languageDir, type Language, type LanguageCode };

/**
 * One instance, initialised synchronously with the bundled English, so the first paint and every
 * unit test already speak it (other languages load when chosen: applyLanguage). Keys are the English text (gettext style): the source reads
 * as it renders, and a missing translation falls back to the English it names.
 */
export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources,
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: LANGUAGES.map((l) => l.code),
  ns: [...NAMESPACES],
  defaultNS: 'common',
  // English text as keys: dots, colons and question marks are text, not paths.
  keySeparator: false,
  nsSeparator: false,
  // An untranslated key is written as "" by extraction: show English, not nothing.
  returnEmptyString: false,
  returnNull: false,
  // React escapes what it renders; network text is never interpolated into markup.
  interpolation: { escapeValue: false },
  initAsync: false,
  react: { useSuspense: false },
});

/**
 * The language for a choice: 'system' takes the first of the browser's (the OS's) languages we
 * have, by its base ("de-AT" → de), else English.
 */
export function resolveLanguage(
  choice: string,
  systemLanguages: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages,
): LanguageCode {
  return resolveLanguageFrom(choice, systemLanguages);
}

/** The language last chosen: a chunk that arrives after another choice is not applied. */
let wanted: LanguageCode = 'en';
/** Settles once the language last chosen shows (its chunk loaded), or failed to load. */
let arriving: Promise<void> = Promise.resolve();

/**
 * Switches every translated component at once (useT re-renders on the change) and sets the
 * page's lang and dir, which the CSS's logical properties mirror for right-to-left languages.
 * A language other than English is loaded first (its own chunk): until it is in, the page
 * keeps the language it has, so nothing shows half translated; languageReady() tells when.
 */
export function applyLanguage(choice: string, systemLanguages?: readonly string[]): LanguageCode {
  const code = resolveLanguage(choice, systemLanguages);
  wanted = code;
  if (i18n.hasResourceBundle(code, 'common')) {
    show(code);
    arriving = Promise.resolve();
  } else {
    arriving = loadLanguage(code).then(
      () => {
        if (wanted === code) show(code);
      },
      (e: unknown) => console.warn(`language ${code} did not load`, e),
    );
  }
  return code;
}

function show(code: LanguageCode): void {
  if (i18n.language !== code) void i18n.changeLanguage(code);
  if (typeof document !== 'undefined') {
    document.documentElement.lang = code;
    document.documentElement.dir = languageDir(code);
  }
}

async function loadLanguage(code: LanguageCode): Promise<void> {
  const texts = await languageResources(code);
  for (const [ns, bundle] of Object.entries(texts)) i18n.addResourceBundle(code, ns, bundle);
}

/** Resolves when the language last chosen shows (at once when it was loaded already). */
export function languageReady(): Promise<void> {
  return arriving;
}

/** Every language loaded up front: for tests that switch languages synchronously. */
export async function loadAllLanguages(): Promise<void> {
  await Promise.all(LANGUAGES.map((l) => loadLanguage(l.code)));
}

/** The current language (a BCP 47 tag for Intl). */
export function currentLanguage(): LanguageCode {
  return (i18n.language as LanguageCode | undefined) ?? 'en';
}

/** `t` for one feature's namespace in a component; re-renders when the language changes. */
export function useT(ns: Namespace): { t: TFunction; language: LanguageCode } {
  const { t, i18n: instance } = useTranslation(ns, { i18n });
  return { t, language: (instance.language as LanguageCode | undefined) ?? 'en' };
}

/**
 * `t` for code outside components (stores, formatters, notifications): it reads the current
 * language at each call, so call it where the text is made, not once at import.
 */
export function tFor(ns: Namespace): TFunction {
  return i18n.getFixedT(null, ns);
}
