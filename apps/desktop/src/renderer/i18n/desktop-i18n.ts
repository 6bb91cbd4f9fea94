// The 'desktop' texts alone, for the places that have no React: Electron main (tray, menus,
// update and error dialogs) and the unlock window. Same locale files as the renderer, so a
// translator sees one catalogue. Written for both module systems: main is checked as NodeNext.
import i18next, { type i18n as I18n } from 'i18next';
import ar from './locales/ar/desktop.json' with { type: 'json' };
import de from './locales/de/desktop.json' with { type: 'json' };
import en from './locales/en/desktop.json' with { type: 'json' };
import { LANGUAGES, type LanguageCode } from './languages.js';

/** A ready i18next instance (initialised synchronously) speaking `language`. */
export function createDesktopI18n(language: LanguageCode = 'en'): I18n {
  const instance = i18next.createInstance();
  void instance.init({
    resources: { en: { desktop: en }, de: { desktop: de }, ar: { desktop: ar } },
    lng: language,
    fallbackLng: 'en',
    supportedLngs: LANGUAGES.map((l) => l.code),
    ns: ['desktop'],
    defaultNS: 'desktop',
    // English text as keys, as in the renderer (i18n/index.ts).
    keySeparator: false,
    nsSeparator: false,
    returnEmptyString: false,
    returnNull: false,
    // Menus and dialogs take plain text: nothing is markup.
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return instance;
}
