// Gettext files for translators: `pnpm i18n:po export` writes one .po per language and feature
// (and a .pot template from English) under po/; `pnpm i18n:po import` reads them back into the
// renderer's locale files. The locale JSON stays the source the app bundles (docs/translating.md).
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gettextToI18next, i18nextToPo, i18nextToPot } from 'i18next-conv';

const root = resolve(import.meta.dirname, '..');
export const localesDir = join(root, 'apps/desktop/src/renderer/i18n/locales');
export const poDir = join(root, 'po');
const options = { keyseparator: false as const, ctxSeparator: false as const, project: 'Parley' };

function languages(dir: string): string[] {
  return readdirSync(dir).filter((l) => l !== 'en' && l !== 'templates');
}

/** Locale JSON → po/<lang>/<ns>.po and po/templates/<ns>.pot; returns the files written. */
export async function exportPo(from = localesDir, to = poDir): Promise<string[]> {
  const written: string[] = [];
  for (const file of readdirSync(join(from, 'en'))) {
    const ns = file.replace(/\.json$/, '');
    const english = readFileSync(join(from, 'en', file), 'utf8');
    mkdirSync(join(to, 'templates'), { recursive: true });
    const pot = join(to, 'templates', `${ns}.pot`);
    writeFileSync(pot, await i18nextToPot('en', english, options));
    written.push(pot);
    for (const lang of languages(from)) {
      mkdirSync(join(to, lang), { recursive: true });
      const po = join(to, lang, `${ns}.po`);
      const text = readFileSync(join(from, lang, file), 'utf8');
      writeFileSync(po, await i18nextToPo(lang, text, options));
      written.push(po);
    }
  }
  return written;
}

/** po/<lang>/<ns>.po → locale JSON (English is never imported: the code is its source). */
export async function importPo(from = poDir, to = localesDir): Promise<string[]> {
  const written: string[] = [];
  for (const lang of languages(from)) {
    for (const file of readdirSync(join(from, lang)).filter((f) => f.endsWith('.po'))) {
      const ns = file.replace(/\.po$/, '');
      const target = join(to, lang, `${ns}.json`);
      if (!existsSync(join(to, 'en', `${ns}.json`)))
        throw new Error(`po/${lang}/${file}: no such feature`);
      const json = JSON.parse(
        (await gettextToI18next(lang, readFileSync(join(from, lang, file)), options)).toString(),
      ) as Record<string, string>;
      const sorted = Object.fromEntries(Object.entries(json).sort(([a], [b]) => (a < b ? -1 : 1)));
      writeFileSync(target, `${JSON.stringify(sorted, null, 2)}\n`);
      written.push(target);
    }
  }
  return written;
}

const command = process.argv[2];
const isEntry =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (!isEntry) {
  // Imported (by its test): run nothing.
} else if (command === 'export') console.log(`wrote ${(await exportPo()).length} files under po/`);
else if (command === 'import') console.log(`updated ${(await importPo()).length} locale files`);
else {
  console.error('usage: pnpm i18n:po export|import');
  process.exit(2);
}
