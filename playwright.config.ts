import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './e2e/chromium.js';

type TraceMode = 'off' | 'on' | 'retain-on-failure' | 'on-first-retry';

function traceMode(asked: string | undefined): TraceMode {
  if (!asked) return 'off';
  const modes: TraceMode[] = ['off', 'on', 'retain-on-failure', 'on-first-retry'];
  if (!modes.includes(asked as TraceMode))
    throw new Error(`PARLEY_E2E_TRACE must be one of ${modes.join(', ')}`);
  return asked as TraceMode;
}

export default defineConfig({
  testDir: 'e2e',
  globalSetup: './e2e/global-setup.ts',
  // A ceiling, not a pace: the longest specs take about a minute alone, and with two files at a
  // time on two cores a slow moment must not fail a spec that is only slow.
  timeout: 180_000,
  expect: { timeout: 15_000 },
  // One spec file at a time by default: on two cores the specs are CPU-bound, so two at a time
  // made each twice as slow (a CI run: the blocking spec 3 min beside the axe walk) for little
  // gain. Each file has its own Prosody and hosts on random ports, so PARLEY_E2E_WORKERS=2 works
  // where there are cores to spare.
  fullyParallel: false,
  workers: Number(process.env.PARLEY_E2E_WORKERS) || 1,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    // No trace unless asked for (PARLEY_E2E_TRACE=retain-on-failure, or on): recording one
    // screenshots every frame, and made the specs about 40 % slower on two cores. A failure
    // still leaves its screenshot and the error with its locator.
    trace: traceMode(process.env['PARLEY_E2E_TRACE']),
    // No dialog animations: screenshots show settled screens.
    reducedMotion: 'reduce',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromiumPath,
      args: chromiumArgs,
    },
  },
});
