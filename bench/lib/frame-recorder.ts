import type { Page } from '@playwright/test';

/*
 * Frame times in the page while something runs: every requestAnimationFrame callback's
 * timestamp (the interval between two is a frame's time; 16.7 ms at 60 Hz when the main thread
 * keeps up) and every long task (> 50 ms on the main thread) the PerformanceObserver reports.
 * Also watches the renderer's backend socket for the `history.progress` event that ends an
 * account's catch-up, so a bench can wait for it from Node. Plain JavaScript, installed with
 * addInitScript (see lib/browser.ts for why).
 */
const FRAME_SCRIPT = `
(() => {
  const state = { on: false, frames: [], longTasks: [], catchUpDone: 0 };
  const loop = (t) => {
    if (!state.on) return;
    state.frames.push(t);
    requestAnimationFrame(loop);
  };
  new PerformanceObserver((list) => {
    if (!state.on) return;
    for (const e of list.getEntries()) state.longTasks.push({ at: e.startTime, ms: e.duration });
  }).observe({ type: 'longtask', buffered: false });
  const send = WebSocket.prototype.send;
  const watched = new WeakSet();
  WebSocket.prototype.send = function (data) {
    if (!watched.has(this)) {
      watched.add(this);
      this.addEventListener('message', (e) => {
        try {
          const f = JSON.parse(e.data);
          if (f.kind === 'event' && f.name === 'history.progress' && f.payload && f.payload.done)
            state.catchUpDone++;
        } catch {}
      });
    }
    return send.call(this, data);
  };
  window.__frameRecorder = {
    state,
    start() {
      state.frames = [];
      state.longTasks = [];
      state.on = true;
      requestAnimationFrame(loop);
    },
    stop() {
      state.on = false;
      return { frames: state.frames, longTasks: state.longTasks };
    },
  };
})();
`;

export interface FrameFigures {
  frames: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  over100: number;
  longTasks: number;
  longestTaskMs: number;
  /** Long tasks' time in all, ms. */
  longTaskMs: number;
}

/** Call before the page navigates. */
export async function installFrameRecorder(page: Page): Promise<void> {
  await page.addInitScript({ content: FRAME_SCRIPT });
}

/** How many catch-ups (`history.progress` with done) the page has been told of so far. */
export async function catchUpsDone(page: Page): Promise<number> {
  return (await page.evaluate('window.__frameRecorder.state.catchUpDone')) as number;
}

export async function startFrames(page: Page): Promise<void> {
  await page.evaluate('window.__frameRecorder.start()');
}

export async function stopFrames(page: Page): Promise<FrameFigures> {
  const raw = (await page.evaluate('window.__frameRecorder.stop()')) as {
    frames: number[];
    longTasks: { at: number; ms: number }[];
  };
  const intervals = raw.frames.slice(1).map((t, i) => t - raw.frames[i]!);
  const sorted = [...intervals].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  return {
    frames: intervals.length,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: sorted.at(-1) ?? 0,
    over100: intervals.filter((ms) => ms > 100).length,
    longTasks: raw.longTasks.length,
    longestTaskMs: Math.max(0, ...raw.longTasks.map((t) => t.ms)),
    longTaskMs: raw.longTasks.reduce((sum, t) => sum + t.ms, 0),
  };
}
