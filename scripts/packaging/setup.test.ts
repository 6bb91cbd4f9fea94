import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const pinnedPnpm = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { packageManager: string }
).packageManager.split('@')[1]!;

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * Runs scripts/setup.sh with apt, dpkg, npm, pnpm and systemctl replaced by stubs that log
 * their calls: what the script would install on a machine missing `missing`.
 */
function runSetup(options: { missing?: string[]; pnpmVersion?: string }): {
  status: number | null;
  calls: string[];
  output: string;
} {
  const dir = mkdtempSync(join(tmpdir(), 'parley-setup-'));
  dirs.push(dir);
  const log = join(dir, 'calls.log');
  writeFileSync(log, '');
  const stub = (name: string, body: string) => {
    const file = join(dir, name);
    writeFileSync(file, `#!/usr/bin/env bash\n${body}\n`);
    chmodSync(file, 0o755);
  };
  const record = `echo "$(basename "$0") $*" >> ${JSON.stringify(log)}`;
  stub(
    'dpkg-query',
    `pkg="\${@: -1}"; for m in $MISSING; do [[ "$m" == "$pkg" ]] && exit 1; done; printf 'install ok installed'`,
  );
  // Every call that changes the system is logged; stdin must be closed (CI has none).
  stub('apt-get', `${record}; [[ -t 0 ]] && echo "apt-get read a terminal" >&2; exit 0`);
  stub('systemctl', record);
  stub('sudo', `${record}; "$@"`);
  stub('npm', `if [[ "$1" == prefix ]]; then echo ${JSON.stringify(dir)}; else ${record}; fi`);
  stub('pnpm', `if [[ "$1" == -v ]]; then echo "$PNPM_VERSION"; else ${record}; fi`);
  const run = spawnSync('bash', [join(root, 'scripts/setup.sh')], {
    encoding: 'utf8',
    timeout: 60_000,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: `${dir}:${dirname(process.execPath)}:/usr/bin:/bin`,
      MISSING: (options.missing ?? []).join(' '),
      PNPM_VERSION: options.pnpmVersion ?? pinnedPnpm,
    },
  });
  const calls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  return { status: run.status, calls, output: `${run.stdout}${run.stderr}` };
}

describe('scripts/setup.sh', () => {
  it('does nothing slow when everything is installed: no apt, no npm, only pnpm install', () => {
    const { status, calls, output } = runSetup({});
    expect(output).toContain('system packages: all present');
    expect(calls).toEqual(['pnpm install --frozen-lockfile']);
    expect(status).toBe(0);
  });

  it('installs exactly the missing packages without a terminal, and stops the servers it installed', () => {
    const { status, calls, output } = runSetup({ missing: ['prosody', 'python3-omemo'] });
    expect(output).not.toContain('read a terminal');
    expect(calls).toEqual([
      'apt-get update -qq',
      'apt-get install -y -qq --no-install-recommends prosody python3-omemo',
      'systemctl stop prosody',
      'pnpm install --frozen-lockfile',
    ]);
    expect(status).toBe(0);
  });

  it('installs pnpm at the version package.json pins when another one is there', () => {
    const { status, calls } = runSetup({ pnpmVersion: '9.0.0' });
    expect(calls).toEqual([
      `npm install -g pnpm@${pinnedPnpm} --no-fund --no-audit`,
      'pnpm install --frozen-lockfile',
    ]);
    expect(status).toBe(0);
  });

  it('is what .ci/run uses, so the list of packages lives in one place', () => {
    const ci = readFileSync(join(root, '.ci/run'), 'utf8');
    expect(ci).toContain('bash scripts/setup.sh </dev/null');
    expect(ci).not.toMatch(/apt-get install/);
    const setup = readFileSync(join(root, 'scripts/setup.sh'), 'utf8');
    for (const pkg of ['prosody', 'chromium', 'ejabberd', 'python3-slixmpp', 'python3-twomemo']) {
      expect(setup).toMatch(new RegExp(`^ {2}${pkg}( |$)`, 'm'));
    }
  });
});
