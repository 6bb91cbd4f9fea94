import { writeSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/**
 * A watchdog for test processes whose JavaScript thread stops turning: a synchronous loop, or
 * promises that resolve each other forever and starve the timers. Vitest's test and hook
 * timeouts are timers of that same thread, so such a test never times out; the run just stops
 * printing until the CI's own limit. The watchdog is a second thread: when the test thread has
 * not ticked for `stallMs`, it pauses it through the inspector, prints where it was, and kills
 * the process, so the run fails at once with the stack instead of hanging.
 */
export function startStallWatchdog(stallMs = 60_000): void {
  const marker = Symbol.for('parley.stallWatchdog');
  const scope = globalThis as { [marker]?: true };
  if (scope[marker]) return;
  scope[marker] = true;
  const beat = new Int32Array(new SharedArrayBuffer(4));
  const tick = (): void => {
    Atomics.add(beat, 0, 1);
  };
  setInterval(tick, 250).unref();
  const worker = new Worker(WATCHDOG_SOURCE, {
    eval: true,
    workerData: { beat, stallMs },
  });
  worker.unref();
  worker.on('error', (error) => {
    writeSync(2, `[stall-watchdog] stopped: ${String(error)}\n`);
  });
}

/* The watchdog thread (CommonJS, evaluated): reads the beat, and on a stall pauses the test
   thread through the inspector to print its stack before killing the process. */
const WATCHDOG_SOURCE = `
const { workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const inspector = require('node:inspector');
const { beat, stallMs } = workerData;
let last = Atomics.load(beat, 0);
let lastChange = Date.now();
let fired = false;
const print = (text) => writeSync(2, '[stall-watchdog] ' + text + '\\n');
const kill = () => process.kill(process.pid, 'SIGKILL');
setInterval(() => {
  const now = Atomics.load(beat, 0);
  if (now !== last) { last = now; lastChange = Date.now(); return; }
  if (fired || Date.now() - lastChange < stallMs) return;
  fired = true;
  print('the test thread has not run a timer for ' + Math.round((Date.now() - lastChange) / 1000) + ' s: its stack:');
  const session = new inspector.Session();
  try {
    session.connectToMainThread();
  } catch (error) {
    print('no inspector (' + error + '); killing the process');
    kill();
  }
  setTimeout(() => { print('no stack within 5 s; killing the process'); kill(); }, 5000);
  // Debugger.enable names every loaded script first: the frames carry only its id.
  const urls = new Map();
  session.on('Debugger.scriptParsed', ({ params }) => urls.set(params.scriptId, params.url));
  const frameText = (frame) =>
    '  at ' + (frame.functionName || '<anonymous>') + ' (' + (frame.url || urls.get(frame.location.scriptId) || frame.location.scriptId) +
    ':' + (frame.location.lineNumber + 1) + ':' + (frame.location.columnNumber + 1) + ')';
  // A promise loop pauses in the microtask queue's own code: a few steps show the loop's code.
  let pauses = 0;
  const seen = new Set();
  session.on('Debugger.paused', ({ params }) => {
    pauses++;
    for (const line of params.callFrames.slice(0, 20).map(frameText)) {
      if (!seen.has(line)) print(line);
      seen.add(line);
    }
    if (pauses < 8) return session.post('Debugger.stepInto');
    print('killing the stalled process');
    kill();
  });
  session.post('Debugger.enable', () => session.post('Debugger.pause'));
}, 1000);
`;
