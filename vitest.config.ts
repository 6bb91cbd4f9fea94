import { defineConfig } from 'vitest/config';

/** A test process that stops turning fails with its stack instead of hanging the run. */
const STALL_WATCHDOG = './packages/testkit/src/vitest-setup.ts';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'packages/*/src/**/*.test.ts',
            'apps/*/src/**/*.test.ts',
            'apps/*/src/**/*.test.tsx',
            'scripts/**/*.test.ts',
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
          fileParallelism: false,
          setupFiles: [STALL_WATCHDOG],
        },
      },
    ],
  },
});
