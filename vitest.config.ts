import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

/** A test process that stops turning fails with its stack instead of hanging the run. */
const STALL_WATCHDOG = './packages/testkit/src/vitest-setup.ts';

/** Unit tests of Node code: the packages, scripts, Electron's main and preload (not the renderer). */
const NODE_UNIT_ROOTS = [
  'packages',
  'scripts',
  'apps/desktop/src/main',
  'apps/desktop/src/preload',
];

/** Test files under `dir` (skipping node_modules), as paths relative to the config. */
function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : testFiles(path);
    return /\.test\.ts$/u.test(entry.name) && !entry.name.endsWith('.int.test.ts') ? [path] : [];
  });
}

/**
 * Node unit tests that replace a module (vi.mock): they need a module registry of their own.
 * The other Node unit tests share one per worker (isolate: false): importing the packages
 * again for each of ~230 files was most of the unit run (2.7 min of imports against 50 s).
 */
const MOCKING = NODE_UNIT_ROOTS.flatMap(testFiles).filter((file) =>
  /\bvi\.(do)?[mM]ock\(/u.test(readFileSync(file, 'utf8')),
);

export default defineConfig({
  test: {
    // Vitest's default is one worker less than the cores: one worker on two cores. The unit
    // run is CPU-bound module loading, and two workers took it from 280 s to 220 s.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: NODE_UNIT_ROOTS.map((root) => `${root}/**/*.test.ts`),
          exclude: ['**/*.int.test.ts', '**/node_modules/**', ...MOCKING],
          isolate: false,
          setupFiles: [STALL_WATCHDOG],
        },
      },
      {
        // The renderer's tests (each its own jsdom document and stores) and the mocking ones.
        test: {
          name: 'unit-isolated',
          include: [
            'apps/desktop/src/renderer/**/*.test.ts',
            'apps/desktop/src/renderer/**/*.test.tsx',
            ...MOCKING,
          ],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
          setupFiles: [STALL_WATCHDOG],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['packages/*/src/**/*.int.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Two files at a time: each starts its own servers on random ports, and most of an
          // integration test is waiting on the network (serial: 7.6 min, two at a time: 4.5).
          maxWorkers: 2,
          setupFiles: [STALL_WATCHDOG],
        },
      },
    ],
  },
});
