// Extraction of the app's text for translators (`pnpm i18n:extract`, docs/translating.md).
// Keys are the English text (gettext style); one file per language and renderer feature
// (the namespace each file's useT('…') / tFor('…') names). Electron main's texts (tray,
// menus, dialogs) are read too: its files name the 'desktop' namespace with tFor('desktop').
const lexer = {
  functions: ['t'],
  namespaceFunctions: ['useT', 'tFor', 'useTranslation'],
};

export default {
  locales: ['en', 'de', 'ar'],
  input: [
    'apps/desktop/src/renderer/**/*.{ts,tsx}',
    'apps/desktop/src/main/**/*.ts',
    '!**/*.test.{ts,tsx}',
    '!**/test/**',
    '!**/test-support/**',
  ],
  output: 'apps/desktop/src/renderer/i18n/locales/$LOCALE/$NAMESPACE.json',
  defaultNamespace: 'common',
  keySeparator: false,
  namespaceSeparator: false,
  // English is its own key; another language's missing text stays "" (shown in English).
  defaultValue: (locale, _namespace, key) => (locale === 'en' ? key : ''),
  lexers: {
    ts: [{ lexer: 'JavascriptLexer', ...lexer }],
    tsx: [{ lexer: 'JsxLexer', ...lexer }],
    default: [{ lexer: 'JavascriptLexer', ...lexer }],
  },
  createOldCatalogs: false,
  keepRemoved: false,
  sort: true,
  indentation: 2,
  lineEnding: 'lf',
  failOnWarnings: false,
};
