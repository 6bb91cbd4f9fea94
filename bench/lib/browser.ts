import { readdirSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../../e2e/chromium.js';

/** Debian's Chromium, as the e2e runs it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}

export interface ClickTiming {
  /** The click event's timeStamp (page clock, as Frame.t). */
  clickAt: number;
  /** click event timeStamp → first matching element inserted (MutationObserver callback). */
  toDomMs: number;
  /** click event timeStamp → the task after the next frame's rAF, i.e. after that frame painted. */
  toPaintMs: number;
}

export interface KeyTiming {
  /** The input event's timeStamp (page clock). */
  at: number;
  /** input event → the task after the next frame (React renders the filter synchronously). */
  toPaintMs: number;
}

/*
 * In-page timing, installed with addInitScript as plain JavaScript (functions passed to
 * page.evaluate would be re-serialised from tsx's output, which may reference its helpers).
 *
 * Clocks: event.timeStamp and performance.now() share the page's time origin. A trusted click
 * (Playwright → CDP Input.dispatchMouseEvent) is stamped when the browser created the event,
 * so input routing, React's handler and commit, Virtuoso's measuring pass and layout all count.
 * "In DOM" is the MutationObserver callback that first sees a matching element inside the
 * viewport; "painted" is a MessageChannel task posted from the next requestAnimationFrame
 * callback, which runs once that frame has been produced. A candidate that is gone by then (a
 * Virtuoso measuring probe, mounted and unmounted in one task, never painted) does not count.
 */
const PAGE_SCRIPT = `
(() => {
  const afterNextPaint = (fn) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => fn(performance.now());
      channel.port2.postMessage(0);
    });
  // Every frame on the backend socket, on the page clock: the time a command was sent, and the
  // dispatch time (event.timeStamp) of each frame received, before the app handles it.
  const frames = [];
  const send = WebSocket.prototype.send;
  const watched = new WeakSet();
  WebSocket.prototype.send = function (data) {
    if (!watched.has(this)) {
      watched.add(this);
      this.addEventListener('message', (e) => {
        try {
          const f = JSON.parse(e.data);
          frames.push({ t: e.timeStamp, dir: 'in', kind: f.kind, id: f.id, name: f.name });
        } catch {}
      });
    }
    try {
      const f = JSON.parse(data);
      frames.push({ t: performance.now(), dir: 'out', kind: f.kind, id: f.id, name: f.name });
    } catch {}
    return send.call(this, data);
  };
  // Some element matching the selector has a box inside the viewport.
  const visible = (selector) =>
    [...document.querySelectorAll(selector)].some((el) => {
      const r = el.getBoundingClientRect();
      return r.height > 0 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth;
    });
  window.__bench = {
    pending: null,
    keys: [],
    frames,
    armClick(trigger, target, timeoutMs) {
      if (document.querySelector(target)) throw new Error('already present: ' + target);
      let clickAt = null;
      let cleanup = () => {};
      this.pending = new Promise((resolve, reject) => {
        const timer = setTimeout(() => { cleanup(); reject(new Error('timed out: ' + target)); }, timeoutMs);
        const onClick = (e) => {
          if (e.target instanceof Element && e.target.closest(trigger)) clickAt = e.timeStamp;
        };
        // A candidate counts only if it is still there, on screen, once its frame has painted:
        // Virtuoso first mounts one probe item to measure it and unmounts it in the same task.
        let candidate = null;
        const observer = new MutationObserver(() => {
          if (clickAt === null || candidate !== null || !visible(target)) return;
          candidate = performance.now();
          afterNextPaint((painted) => {
            if (!visible(target)) {
              candidate = null;
              return;
            }
            cleanup();
            resolve({ clickAt, toDomMs: candidate - clickAt, toPaintMs: painted - clickAt });
          });
        });
        cleanup = () => {
          clearTimeout(timer);
          observer.disconnect();
          document.removeEventListener('click', onClick, true);
        };
        document.addEventListener('click', onClick, true);
        observer.observe(document.body, { childList: true, subtree: true });
      });
      return true;
    },
    armKeys(input) {
      this.keys = [];
      const el = document.querySelector(input);
      el.addEventListener('input', (e) => {
        const entry = { at: e.timeStamp, toPaintMs: NaN };
        this.keys.push(entry);
        afterNextPaint((painted) => { entry.toPaintMs = painted - entry.at; });
      });
      return true;
    },
    // this.pending resolves with the time of the first painted frame whose DOM satisfies check().
    armUntil(check, timeoutMs) {
      this.pending = new Promise((resolve, reject) => {
        let observer = null;
        const timer = setTimeout(() => { observer?.disconnect(); reject(new Error('timed out')); }, timeoutMs);
        const test = () => {
          if (!check()) return false;
          observer?.disconnect();
          clearTimeout(timer);
          afterNextPaint(resolve);
          return true;
        };
        if (test()) return;
        observer = new MutationObserver(test);
        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      });
      return true;
    },
  };
})();
`;

/** A frame on the renderer's backend socket (page clock). */
export interface Frame {
  t: number;
  dir: 'in' | 'out';
  kind: 'command' | 'result' | 'event';
  id?: number;
  name?: string;
}

/** The socket frames seen so far, for breaking a timing down. */
export async function frames(page: Page): Promise<Frame[]> {
  return (await page.evaluate('window.__bench.frames')) as Frame[];
}

/** Page-clock time the result of the first `name` command sent after `since` arrived. */
export function resultAt(all: Frame[], name: string, since: number): number {
  const sent = all.find((f) => f.dir === 'out' && f.name === name && f.t >= since);
  const got = sent && all.find((f) => f.dir === 'in' && f.kind === 'result' && f.id === sent.id);
  return got ? got.t : NaN;
}

/** Call before the page navigates. */
export async function installTiming(page: Page): Promise<void> {
  await page.addInitScript({ content: PAGE_SCRIPT });
}

/** Clicks `trigger` (a real click) and times it until `target` is in the DOM and painted. */
export async function timeClick(page: Page, trigger: string, target: string): Promise<ClickTiming> {
  await page.evaluate(
    `window.__bench.armClick(${JSON.stringify(trigger)}, ${JSON.stringify(target)}, 20000)`,
  );
  await page.click(trigger, { timeout: 10_000 });
  return (await page.evaluate('window.__bench.pending')) as ClickTiming;
}

/**
 * Types `text` into `input` with `delayMs` between keys and times each keystroke to the next
 * painted frame, and the whole string until `doneExpr` (a JS expression over the DOM) holds.
 */
export async function timeTyping(
  page: Page,
  input: string,
  text: string,
  doneExpr: string,
  delayMs: number,
): Promise<{ keys: KeyTiming[]; lastKeyToDoneMs: number; firstKeyToDoneMs: number }> {
  await page.evaluate(`window.__bench.armKeys(${JSON.stringify(input)})`);
  await page.evaluate(`window.__bench.armUntil(() => (${doneExpr}), 30000)`);
  await page.locator(input).pressSequentially(text, { delay: delayMs, timeout: 30_000 });
  const done = (await page.evaluate('window.__bench.pending')) as number;
  // The last key's own frame may still be pending when the list is done: let it land.
  await page.waitForTimeout(100);
  const keys = (await page.evaluate('window.__bench.keys')) as KeyTiming[];
  const first = keys[0]?.at ?? NaN;
  const last = keys.at(-1)?.at ?? NaN;
  return { keys, lastKeyToDoneMs: done - last, firstKeyToDoneMs: done - first };
}

/** JS heap after a forced GC, and the DOM node count, from the DevTools protocol. */
export async function heapAndNodes(page: Page): Promise<{ heapBytes: number; nodes: number }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
    return { heapBytes: get('JSHeapUsedSize'), nodes: get('Nodes') };
  } finally {
    await cdp.detach();
  }
}

/** Polls `check` every 50 ms until it holds; throws after `timeoutMs`. */
export async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** CPU time (clock ticks) of Chromium's top-chrome WebUI renderers, from /proc; 0 elsewhere. */
function browserUiTicks(): number {
  let ticks = 0;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return 0;
  }
  for (const pid of pids) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes('--top-chrome-webui')) continue;
      // Fields after the command name's closing parenthesis: utime and stime are the 12th and 13th.
      const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // Gone between listing and reading.
    }
  }
  return ticks;
}

/**
 * Waits until Chromium's own window UI has finished starting; returns the ms waited. Each new
 * context opens a browser window whose top-chrome WebUI (the omnibox popup) loads in a renderer
 * of its own: about a second of CPU on two cores, which an Electron window does not have. A page
 * timed while it runs measures Chromium's window starting beside it, not Parley. Settled: no CPU
 * time added for 300 ms (bounded by `timeoutMs`). Reads /proc: elsewhere it returns at once.
 */
export async function settleBrowserUi(timeoutMs = 5_000): Promise<number> {
  const started = Date.now();
  let last = browserUiTicks();
  let quietSince = Date.now();
  while (Date.now() - started < timeoutMs) {
    await new Promise((r) => setTimeout(r, 50));
    const now = browserUiTicks();
    if (now !== last) {
      last = now;
      quietSince = Date.now();
    } else if (Date.now() - quietSince >= 300) break;
  }
  return Date.now() - started;
}
