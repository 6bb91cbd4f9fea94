import { test as base } from '@playwright/test';

export { expect } from '@playwright/test';

/**
 * Playwright's `test`, closing at the end of each test every browser context the test opened
 * itself (`browser.newContext()` for a second device). The browser lives for the whole run, so
 * without this every page of every earlier spec stays open: each keeps its app running, trying
 * to reach a host that has stopped, and the run grew slower spec by spec (a spec that takes 11 s
 * alone took 30 s twenty specs in). The Electron specs keep the plain `test`: they need no
 * Chromium, and the hosted runners have none at Debian's path.
 */
export const test = base.extend<{ closeOwnContexts: void }>({
  closeOwnContexts: [
    async ({ browser }, use) => {
      const before = new Set(browser.contexts());
      await use();
      const opened = browser.contexts().filter((context) => !before.has(context));
      await Promise.all(opened.map((context) => context.close()));
    },
    { auto: true },
  ],
});
