// Parley is GPL-3.0-or-later: every dependency it ships must carry a licence that may be combined
// with it. `pnpm test` runs this through scripts/licence-check.test.ts; `pnpm licences` runs it
// alone. The renderer is bundled by Vite from apps/desktop's devDependencies, so the production
// view alone would miss shipped code: the whole installed graph is checked, and a dev-only tool
// with another licence gets an exception with its reason in licence-policy.json.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import parseSpdx from 'spdx-expression-parse';

export interface DependencyLicence {
  name: string;
  version: string;
  /** The package.json `license` as pnpm reports it: an SPDX expression, or free text. */
  license: string;
}

export interface LicenceException {
  name: string;
  /** The licence string the exception was granted for: a new licence needs a new look. */
  license: string;
  reason: string;
}

export interface LicencePolicy {
  /** SPDX id → why it is compatible with GPL-3.0-or-later. */
  compatible: Record<string, string>;
  exceptions: LicenceException[];
}

const root = fileURLToPath(new URL('..', import.meta.url));

export function loadPolicy(file = fileURLToPath(new URL('licence-policy.json', import.meta.url))) {
  const policy = JSON.parse(readFileSync(file, 'utf8')) as LicencePolicy;
  for (const exception of policy.exceptions) {
    if (!exception.reason?.trim()) {
      throw new Error(`licence exception for ${exception.name} has no reason`);
    }
  }
  return policy;
}

type SpdxNode = ReturnType<typeof parseSpdx>;

/** Whether the parsed expression may be used under one of the compatible licences. */
function allowed(node: SpdxNode, compatible: Record<string, string>): boolean {
  if ('conjunction' in node) {
    const left = allowed(node.left, compatible);
    const right = allowed(node.right, compatible);
    return node.conjunction === 'or' ? left || right : left && right;
  }
  // `GPL-2.0+` is the old spelling of `GPL-2.0-or-later`. A WITH exception only adds
  // permissions (e.g. Classpath), so the base licence decides.
  const id = node.plus ? `${node.license.replace(/-or-later$/, '')}-or-later` : node.license;
  return Object.hasOwn(compatible, id);
}

/** Why `license` is refused, or null when it is compatible. */
export function licenceProblem(license: string, policy: LicencePolicy): string | null {
  let parsed: SpdxNode;
  try {
    parsed = parseSpdx(license);
  } catch {
    return `"${license}" is not an SPDX expression (unknown licence)`;
  }
  return allowed(parsed, policy.compatible)
    ? null
    : `"${license}" is not compatible with GPL-3.0-or-later`;
}

/** One line per dependency that is neither compatible nor excepted, naming the package. */
export function licenceProblems(deps: DependencyLicence[], policy: LicencePolicy): string[] {
  const problems: string[] = [];
  for (const dep of deps) {
    const excepted = policy.exceptions.some(
      (e) => e.name === dep.name && e.license === dep.license,
    );
    if (excepted) continue;
    const problem = licenceProblem(dep.license, policy);
    if (problem) problems.push(`${dep.name}@${dep.version}: ${problem}`);
  }
  return problems;
}

interface PnpmLicenceEntry {
  name: string;
  versions: string[];
  license: string;
}

/** Every installed dependency of the workspace with its licence, from `pnpm licenses list`. */
export function installedLicences(cwd = root): DependencyLicence[] {
  const out = execFileSync('pnpm', ['licenses', 'list', '--json'], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const byLicence = JSON.parse(out) as Record<string, PnpmLicenceEntry[]>;
  return Object.values(byLicence)
    .flat()
    .flatMap((entry) =>
      entry.versions.map((version) => ({ name: entry.name, version, license: entry.license })),
    );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const deps = installedLicences();
  const problems = licenceProblems(deps, loadPolicy());
  for (const problem of problems) console.error(problem);
  console.log(`${deps.length} dependencies checked, ${problems.length} refused`);
  process.exitCode = problems.length ? 1 : 0;
}
