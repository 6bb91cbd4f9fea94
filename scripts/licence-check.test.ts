import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  installedLicences,
  licenceProblems,
  loadPolicy,
  type DependencyLicence,
  type LicencePolicy,
} from './licence-check.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const policy = loadPolicy();

function dep(name: string, license: string): DependencyLicence {
  return { name, version: '1.0.0', license };
}

describe('licences of the dependencies', () => {
  it('every installed dependency has a licence compatible with GPL-3.0-or-later', () => {
    const deps = installedLicences();
    expect(deps.length).toBeGreaterThan(50);
    expect(deps.map((d) => d.name)).toContain('@xmpp/client');
    expect(licenceProblems(deps, policy)).toEqual([]);
  }, 60_000);

  it('refuses an incompatible, unknown or missing licence and names the package', () => {
    const deps = [
      dep('fine', 'MIT'),
      dep('old-gpl', 'GPL-2.0-only'),
      dep('server-side', 'SSPL-1.0'),
      dep('closed', 'UNLICENSED'),
      dep('nothing', 'Unknown'),
      dep('half', 'MIT AND GPL-2.0-only'),
    ];
    const problems = licenceProblems(deps, policy);
    expect(problems).toHaveLength(5);
    for (const name of ['old-gpl', 'server-side', 'closed', 'nothing', 'half']) {
      expect(problems.some((p) => p.startsWith(`${name}@1.0.0: `))).toBe(true);
    }
  });

  it('accepts a compatible choice in an OR, the old "+" spelling and a WITH exception', () => {
    const deps = [
      dep('a', '(BSD-2-Clause OR MIT OR Apache-2.0)'),
      dep('b', 'GPL-2.0-only OR MIT'),
      dep('c', 'GPL-2.0+'),
      dep('d', 'LGPL-2.1-or-later'),
      dep('e', 'GPL-3.0-only WITH Classpath-exception-2.0'),
      dep('f', 'GPL-3.0-only'),
    ];
    expect(licenceProblems(deps, policy)).toEqual([]);
  });

  it('an exception needs the same licence string and a reason', () => {
    const withException: LicencePolicy = {
      ...policy,
      exceptions: [{ name: 'dev-tool', license: 'Custom', reason: 'build tool, not shipped' }],
    };
    expect(licenceProblems([dep('dev-tool', 'Custom')], withException)).toEqual([]);
    expect(licenceProblems([dep('dev-tool', 'SSPL-1.0')], withException)).toHaveLength(1);
    expect(licenceProblems([dep('other', 'Custom')], withException)).toHaveLength(1);
    const noReason = join(mkdtempSync(join(tmpdir(), 'licence-')), 'policy.json');
    const exceptions = [{ name: 'dev-tool', license: 'Custom', reason: ' ' }];
    writeFileSync(noReason, JSON.stringify({ compatible: {}, exceptions }));
    expect(() => loadPolicy(noReason)).toThrow(/dev-tool has no reason/);
  });
});

describe('Parley is GPL-3.0-or-later', () => {
  it('ships the GPL-3.0 text and names the licence in every package and the installer', () => {
    expect(readFileSync(`${root}/LICENSE`, 'utf8')).toMatch(
      /GNU GENERAL PUBLIC LICENSE\s+Version 3/,
    );
    const packages = readdirSync(`${root}/packages`).map((p) => `packages/${p}/package.json`);
    expect(packages.length).toBeGreaterThanOrEqual(5);
    for (const pkg of ['package.json', 'apps/desktop/package.json', ...packages]) {
      const json = JSON.parse(readFileSync(`${root}/${pkg}`, 'utf8')) as { license?: string };
      expect(json.license, pkg).toBe('GPL-3.0-or-later');
    }
    // The NSIS installer shows it; deb/rpm take `license` from apps/desktop/package.json; every
    // installed copy carries the text beside the executable.
    const builder = readFileSync(`${root}/electron-builder.yml`, 'utf8');
    expect(builder).toMatch(/^nsis:\n(?: {2}.*\n)* {2}license: LICENSE$/m);
    expect(builder).toMatch(/^extraFiles:\n {2}- from: LICENSE\n {4}to: LICENSE$/m);
  });
});
