import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Every translation complete: each English key has a non-empty text in every language, with the
// plural forms that language's rules need, the same {{placeholders}}, and nothing English lacks.
const i18nDir = join(import.meta.dirname, '../apps/desktop/src/renderer/i18n');
const dir = join(i18nDir, 'locales');
const LANGUAGES = readdirSync(dir).map((code) => ({ code }));
const NAMESPACES = readdirSync(join(dir, 'en')).map((f) => f.replace(/\.json$/, ''));
const read = (lang: string, ns: string): Record<string, string> =>
  JSON.parse(readFileSync(join(dir, lang, `${ns}.json`), 'utf8')) as Record<string, string>;

const PLURAL = /_(zero|one|two|few|many|other)$/;
const placeholders = (text: string) =>
  [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]).sort();

/** English keys with their plural suffix taken off: the phrases a translation must cover. */
function phrases(en: Record<string, string>): Map<string, { plural: boolean; text: string }> {
  const out = new Map<string, { plural: boolean; text: string }>();
  for (const [key, text] of Object.entries(en)) {
    const base = key.replace(PLURAL, '');
    out.set(base, { plural: base !== key || out.get(base)?.plural === true, text });
  }
  return out;
}

describe('translations', () => {
  it('has a file for every language and namespace, each bundled, and no other', () => {
    // English is bundled with the app (resources.ts); each other language is a chunk of its
    // own (bundles/<code>.ts) that resources.ts loads; each takes every file of its folder.
    const resources = readFileSync(join(i18nDir, 'resources.ts'), 'utf8');
    const index = readFileSync(join(i18nDir, 'languages.ts'), 'utf8');
    for (const { code } of LANGUAGES) {
      expect(index).toContain(`code: '${code}'`);
      const files = readdirSync(join(dir, code)).filter((f) => f.endsWith('.json'));
      expect(files.sort()).toEqual(NAMESPACES.map((ns) => `${ns}.json`).sort());
      if (code === 'en') expect(resources).toContain(`'./locales/en/*.json'`);
      else {
        expect(resources).toContain(`${code}: () => import('./bundles/${code}')`);
        const bundle = readFileSync(join(i18nDir, 'bundles', `${code}.ts`), 'utf8');
        expect(bundle).toContain(`'../locales/${code}/*.json'`);
      }
    }
    expect(LANGUAGES.map((l) => l.code).sort()).toEqual(['ar', 'de', 'en']);
  });

  for (const { code } of LANGUAGES.filter((l) => l.code !== 'en')) {
    const categories = new Intl.PluralRules(code).resolvedOptions().pluralCategories;
    for (const ns of NAMESPACES) {
      it(`${code}/${ns} translates every English text`, () => {
        const en = read('en', ns);
        const lang = read(code, ns);
        const missing: string[] = [];
        const wrongPlaceholders: string[] = [];
        for (const [base, { plural, text }] of phrases(en)) {
          const keys = plural ? categories.map((c) => `${base}_${c}`) : [base];
          for (const key of keys) {
            const value = lang[key];
            if (!value) missing.push(key);
            else if (placeholders(value).join() !== placeholders(text).join()) {
              // A plural form may leave out {{count}} ("one file" written as a word).
              const withoutCount = placeholders(text)
                .filter((p) => p !== 'count')
                .join();
              if (
                !plural ||
                placeholders(value)
                  .filter((p) => p !== 'count')
                  .join() !== withoutCount
              ) {
                wrongPlaceholders.push(key);
              }
            }
          }
        }
        const unknown = Object.keys(lang).filter(
          (key) => !phrases(en).has(key.replace(PLURAL, '')),
        );
        expect({ missing, wrongPlaceholders, unknown }).toEqual({
          missing: [],
          wrongPlaceholders: [],
          unknown: [],
        });
      });
    }
  }
});
