import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportPo, importPo, localesDir } from './i18n-po.js';

const work = mkdtempSync(join(tmpdir(), 'parley-po-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('gettext round trip', () => {
  it('exports every language and feature to .po and imports a translator’s edit back', async () => {
    const locales = join(work, 'locales');
    const po = join(work, 'po');
    cpSync(localesDir, locales, { recursive: true });
    const written = await exportPo(locales, po);
    expect(written).toContain(join(po, 'templates', 'settings.pot'));
    expect(written).toContain(join(po, 'de', 'settings.po'));
    const dePo = readFileSync(join(po, 'de', 'settings.po'), 'utf8');
    expect(dePo).toContain('msgid "Theme"');
    expect(dePo).toContain('msgstr "Farbschema"');
    // A translator changes one text in their .po file.
    writeFileSync(
      join(po, 'de', 'settings.po'),
      dePo.replace('"Farbschema"', '"Erscheinungsbild"'),
    );
    await importPo(po, locales);
    const de = JSON.parse(readFileSync(join(locales, 'de', 'settings.json'), 'utf8')) as Record<
      string,
      string
    >;
    expect(de['Theme']).toBe('Erscheinungsbild');
    expect(de['Dark']).toBe('Dunkel');
  });
});
