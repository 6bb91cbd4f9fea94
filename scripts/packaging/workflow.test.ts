import { spawnSync } from 'node:child_process';
import {
  accessSync,
  constants,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const workflowFile = join(root, '.github/workflows/release.yml');
const workflowText = readFileSync(workflowFile, 'utf8');
const { load } = createRequire(join(root, 'apps/desktop/package.json'))('js-yaml') as {
  load(text: string): unknown;
};

/** The workflow linter from npm, as a developer runs it (`pnpm exec action-validator FILE`). */
function actionValidator(file: string): { status: number | null; output: string } {
  const cli = createRequire(join(root, 'package.json')).resolve('@action-validator/cli/cli.mjs');
  const run = spawnSync(process.execPath, [cli, file], { encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

interface Step {
  run?: string;
  uses?: string;
  if?: string;
  env?: Record<string, string>;
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<
    string,
    {
      'runs-on': string;
      container?: string;
      needs?: string | string[];
      strategy?: { matrix: { include: { os: string; app: string }[] } };
      steps: Step[];
    }
  >;
}
const workflow = load(workflowText) as Workflow;

describe('release workflow', () => {
  it('passes the workflow linter, which fails a broken copy', () => {
    const good = actionValidator(workflowFile);
    expect(good.output).not.toMatch(/"errors"/);
    expect(good.status).toBe(0);

    const dir = mkdtempSync(join(tmpdir(), 'parley-workflow-'));
    try {
      const broken = join(dir, 'release.yml');
      writeFileSync(
        broken,
        workflowText.replace('runs-on: ubuntu-latest', 'runs_on: ubuntu-latest'),
      );
      const bad = actionValidator(broken);
      expect(bad.status).not.toBe(0);
      expect(bad.output).toMatch(/runs_on|runs-on/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('runs the project CI on Debian 12, then builds and smoke-tests on all three OSes', () => {
    const test = workflow.jobs['test']!;
    expect(test.container).toBe('debian:12');
    expect(test.steps.some((s) => s.run === 'bash .ci/run')).toBe(true);
    const pack = workflow.jobs['package']!;
    expect(pack.needs).toBe('test');
    const oses = pack.strategy!.matrix.include.map((m) => m.os.split('-')[0]);
    expect(oses).toEqual(['ubuntu', 'macos', 'windows']);
    const runs = pack.steps.map((s) => s.run ?? '').join('\n');
    expect(runs).toContain('pnpm dist --publish never');
    expect(runs).toContain('playwright test e2e/electron-packaged.spec.ts');
    expect(pack.steps.some((s) => s.uses?.startsWith('actions/upload-artifact@'))).toBe(true);
    const smoke = pack.steps.find((s) => s.env?.['PARLEY_PACKAGED_APP']);
    expect(smoke?.env?.['PARLEY_SMOKE_SERVER']).toBe('smoke-server.json');
  });

  it('names only files that exist, and scripts that can run', () => {
    for (const file of [
      '.ci/run',
      'e2e/electron-packaged.spec.ts',
      'resources/flatpak/org.parley.desktop.yml',
      'scripts/sign-update.ts',
      '.github/scripts/smoke-prosody.sh',
    ]) {
      expect(workflowText, file).toContain(file);
      expect(existsSync(join(root, file)), file).toBe(true);
    }
    accessSync(join(root, '.github/scripts/smoke-prosody.sh'), constants.X_OK);
  });

  it('takes signing credentials from secrets only, and requires signing for a tag', () => {
    const pack = workflow.jobs['package']!;
    const build = pack.steps.find((s) => s.run?.startsWith('pnpm dist'))!;
    for (const [name, value] of Object.entries(build.env ?? {})) {
      expect(value, name).toBe(`\${{ secrets.${name} }}`);
    }
    expect(Object.keys(build.env ?? {})).toEqual(
      expect.arrayContaining(['CSC_LINK', 'APPLE_ID', 'APPLE_TEAM_ID', 'WIN_CSC_LINK']),
    );
    expect(workflowText).toMatch(
      /PARLEY_REQUIRE_SIGNING: \$\{\{ startsWith\(github\.ref, 'refs\/tags\/v'\)/,
    );
  });
});
