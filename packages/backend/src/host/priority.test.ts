import { execFileSync } from 'node:child_process';
import { constants, getPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const module = fileURLToPath(new URL('./priority.ts', import.meta.url));

/** Runs lowerProcessPriority in a fresh process (niced by `nice`), returns its priority after. */
function priorityAfter(nice: number): number {
  const code = `import { lowerProcessPriority } from ${JSON.stringify(module)};
    process.stdout.write(String(lowerProcessPriority()));`;
  const out = execFileSync(
    'nice',
    ['-n', String(nice), process.execPath, '--import', 'tsx', '--input-type=module', '-e', code],
    { encoding: 'utf8', timeout: 20_000 },
  );
  return Number(out);
}

describe('the backend process priority', () => {
  it('goes below normal from normal', () => {
    // (Or as low as this test process already is.)
    expect(priorityAfter(0)).toBe(
      Math.max(constants.priority.PRIORITY_BELOW_NORMAL, getPriority()),
    );
  });

  it('is never raised for a process started lower still', () => {
    expect(priorityAfter(15)).toBe(Math.min(19, getPriority() + 15));
  });
});
