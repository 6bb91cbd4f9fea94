import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The locale files are what extraction makes of the code today: a text added to the renderer
// without `pnpm i18n:extract` (so translators never see it), or one left behind after the code
// dropped it, fails here.
const root = resolve(import.meta.dirname, '..');
const locales = join(root, 'apps/desktop/src/renderer/i18n/locales');
const out = mkdtempSync(join(tmpdir(), 'parley-i18n-'));

afterAll(() => rmSync(out, { recursive: true, force: true }));

function keysOf(dir: string): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const lang of readdirSync(dir)) {
    for (const file of readdirSync(join(dir, lang))) {
      const json = JSON.parse(readFileSync(join(dir, lang, file), 'utf8')) as object;
      const keys = Object.keys(json).sort();
      if (keys.length > 0) result[`${lang}/${file}`] = keys;
    }
  }
  return result;
}

describe('translation extraction', () => {
  it('finds exactly the texts the locale files hold', { timeout: 60_000 }, () => {
    const config = join(out, 'config.mjs');
    writeFileSync(
      config,
      `import base from ${JSON.stringify(join(root, 'i18next-parser.config.js'))};
export default { ...base,
  input: base.input.map((g) => g.startsWith('!') ? '!' + ${JSON.stringify(root + '/')} + g.slice(1) : ${JSON.stringify(root + '/')} + g),
  output: ${JSON.stringify(join(out, 'locales/$LOCALE/$NAMESPACE.json'))} };\n`,
    );
    execFileSync(
      process.execPath,
      [join(root, 'node_modules/i18next-parser/bin/cli.js'), '--config', config, '--silent'],
      { cwd: root, stdio: 'pipe', timeout: 55_000 },
    );
    expect(keysOf(join(out, 'locales'))).toEqual(keysOf(locales));
  });
});
