import type { Page } from '@playwright/test';

/** What the page measured of its own start, on the page clock (0 = navigation start). */
export interface StartupTiming {
  /** First contentful paint (Paint Timing), whatever it showed (the shell, a spinner). */
  fcp: number;
  /** The navigation entry's DOMContentLoaded end (the bundle has run). */
  domContentLoaded: number;
  /** The first conversation row on screen was inserted (MutationObserver callback). */
  listInDom: number;
  /** The task after the next frame once that row was in: the list has been painted. */
  listPainted: number;
  /** Conversation rows in the DOM when the list was first painted (virtualised: a screenful). */
  rows: number;
  /** The conversation clicked (the top row), by its test id. */
  clicked: string;
  /** The click on it, dispatched from the task that saw the list painted. */
  clickAt: number;
  /** The first message of the opened conversation on screen, then painted. */
  messageInDom: number;
  messagePainted: number;
}

/*
 * Installed with addInitScript as plain JavaScript, before any of the app's scripts run. The
 * page clock starts at navigation start (performance.timeOrigin), so every figure is "since
 * navigation". "Painted" is a MessageChannel task posted from the next requestAnimationFrame
 * callback (as in browser.ts); a row that is gone by then (Virtuoso's measuring probe) does
 * not count. The click on the top conversation is an element.click() from that same task: the
 * earliest moment a user could click, without Playwright's round trip in the figure.
 */
const STARTUP_SCRIPT = `
(() => {
  const ITEM = '.conversation-item';
  const MESSAGE = '[data-testid="message"]';
  const afterNextPaint = (fn) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => fn(performance.now());
      channel.port2.postMessage(0);
    });
  const onScreen = (el) => {
    const r = el.getBoundingClientRect();
    return r.height > 0 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth;
  };
  const shown = (selector) => [...document.querySelectorAll(selector)].filter(onScreen);
  let resolve;
  const result = {};
  const done = new Promise((r) => (resolve = r));
  let phase = 'list';
  const check = () => {
    if (phase === 'list') {
      if (shown(ITEM).length === 0) return;
      phase = 'list-painting';
      result.listInDom = performance.now();
      afterNextPaint((painted) => {
        const rows = shown(ITEM);
        if (rows.length === 0) {
          phase = 'list';
          return;
        }
        result.listPainted = painted;
        result.rows = document.querySelectorAll(ITEM).length;
        result.clicked = rows[0].dataset.testid;
        phase = 'message';
        result.clickAt = performance.now();
        rows[0].click();
        check();
      });
    } else if (phase === 'message') {
      if (shown(MESSAGE).length === 0) return;
      phase = 'message-painting';
      result.messageInDom = performance.now();
      afterNextPaint((painted) => {
        if (shown(MESSAGE).length === 0) {
          phase = 'message';
          return;
        }
        result.messagePainted = painted;
        observer.disconnect();
        const fcp = performance.getEntriesByName('first-contentful-paint')[0];
        const nav = performance.getEntriesByType('navigation')[0];
        result.fcp = fcp ? fcp.startTime : NaN;
        result.domContentLoaded = nav ? nav.domContentLoadedEventEnd : NaN;
        resolve(result);
      });
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true });
  window.__startup = done;
})();
`;

/** Call before the page navigates. */
export async function installStartupTiming(page: Page): Promise<void> {
  await page.addInitScript({ content: STARTUP_SCRIPT });
}

/** Resolves once the page has painted its conversation list and opened the top conversation. */
export async function startupTiming(page: Page, timeoutMs: number): Promise<StartupTiming> {
  return (await page.evaluate(
    `Promise.race([window.__startup, new Promise((_, reject) =>
       setTimeout(() => reject(new Error('no conversation list and message painted in ${timeoutMs} ms')), ${timeoutMs}))])`,
  )) as StartupTiming;
}
