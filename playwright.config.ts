import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './e2e/chromium.js';

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
    trace: 'retain-on-failure',
    // No dialog animations: screenshots show settled screens.
    reducedMotion: 'reduce',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromiumPath,
      args: chromiumArgs,
    },
  },
});
