import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// The dark theme may only change colours: the accessibility walk (e2e/a11y.spec.ts) runs every
// axe rule in the light theme and only the colour rules in the dark one, which holds as long as
// nothing else (sizes, display, visibility) differs between the two.

const root = join(import.meta.dirname, '../apps/desktop/src/renderer');
const colourProperty =
  /^(--[\w-]+|color|color-scheme|background(-color)?|border(-\w+)?-color|outline-color|fill|stroke|box-shadow|caret-color|accent-color|text-decoration-color)$/u;

function cssFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? cssFiles(join(dir, entry.name))
      : entry.name.endsWith('.css')
        ? [join(dir, entry.name)]
        : [],
  );
}

/** The declarations of every rule whose selector names the dark theme, as "file: property". */
function darkDeclarations(): { where: string; property: string }[] {
  const found: { where: string; property: string }[] = [];
  for (const file of cssFiles(root)) {
    const css = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//gu, '');
    for (const rule of css.matchAll(/([^{}]+)\{([^{}]*)\}/gu)) {
      const [, selector = '', body = ''] = rule;
      if (!/data-theme=['"]?dark/u.test(selector)) continue;
      for (const declaration of body.split(';')) {
        const property = declaration.split(':')[0]?.trim();
        if (property) found.push({ where: relative(root, file), property });
      }
    }
  }
  return found;
}

describe('the dark theme', () => {
  it('has rules (the check below reads them)', () => {
    expect(darkDeclarations().length).toBeGreaterThan(20);
  });

  it('changes nothing but colours', () => {
    const other = darkDeclarations().filter((d) => !colourProperty.test(d.property));
    expect(other).toEqual([]);
  });
});
