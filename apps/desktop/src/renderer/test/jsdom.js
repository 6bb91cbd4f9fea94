/**
 * A jsdom document for renderer tests, usable on Node 20. Import it first in a test file:
 *
 *   import '../../test/jsdom.js';
 *
 * Why not `// @vitest-environment jsdom`: jsdom 31 loads undici 8, which at import binds
 * `zlib.createZstdDecompress` (Node >= 22.15) and `worker_threads.markAsUncloneable`
 * (Node >= 22.10); on Node 20 that throws before any test runs,
 * and Vitest's docblock takes only an environment name, not a file. So this module stubs
 * those two (renderer tests never fetch), adds the ES2025 Iterator helpers and
 * Promise.withResolvers that jsdom 31 also expects, and puts a jsdom window on the test's
 * globals the way Vitest's own environment does. On Node >= 22 every polyfill is skipped.
 */
import workerThreads from 'node:worker_threads';
import zlib from 'node:zlib';
import { afterAll } from 'vitest';
import { populateGlobal } from 'vitest/runtime';

if (typeof zlib.createZstdDecompress !== 'function') {
  zlib.createZstdDecompress = () => {
    throw new Error('zstd is not available on this Node.js');
  };
}

if (typeof workerThreads.markAsUncloneable !== 'function') {
  // Node >= 22.10; only guards structuredClone of undici objects, which tests never clone.
  workerThreads.markAsUncloneable = () => undefined;
}

if (typeof globalThis.Iterator === 'undefined') installIteratorHelpers();

if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new this((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

if (typeof globalThis.document === 'undefined') {
  // Without runScripts jsdom makes no VM context (whose realm would lack the polyfills above:
  // Node 20 has no vm.constants.DONT_CONTEXTIFY) and takes the JS globals from this realm.
  const { JSDOM } = await import('jsdom');
  const dom = new JSDOM('<!DOCTYPE html>', {
    url: 'http://localhost:3000/',
    pretendToBeVisual: true,
  });
  populateGlobal(globalThis, dom.window, { bindFunctions: true });
  // Each test file runs in its own worker (Vitest isolates files), so the globals stay until it
  // exits: React's scheduler may still run a task after the last test and expects `window`.
  afterAll(async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    dom.window.close();
  });
}

// The app loads a language other than English when it is chosen (i18n/index.ts); the tests
// switch languages synchronously, so every language is in before the first test runs.
await (await import('../i18n/index')).loadAllLanguages();

/** The global Iterator with its helpers (ES2025, V8 12.2 / Node 22), as jsdom 31 uses them. */
function installIteratorHelpers() {
  const IteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
  function Iterator() {
    if (new.target === undefined || new.target === Iterator) {
      throw new TypeError('Iterator is abstract');
    }
  }
  Iterator.prototype = IteratorPrototype;
  Object.defineProperty(IteratorPrototype, 'constructor', {
    value: Iterator,
    writable: true,
    configurable: true,
  });
  function* map(fn) {
    let i = 0;
    for (const value of { [Symbol.iterator]: () => this }) yield fn(value, i++);
  }
  function* filter(fn) {
    let i = 0;
    for (const value of { [Symbol.iterator]: () => this }) if (fn(value, i++)) yield value;
  }
  function* take(limit) {
    if (limit <= 0) return;
    let left = limit;
    for (const value of { [Symbol.iterator]: () => this }) {
      yield value;
      if (--left <= 0) return;
    }
  }
  function* drop(limit) {
    let left = limit;
    for (const value of { [Symbol.iterator]: () => this }) {
      if (left > 0) left--;
      else yield value;
    }
  }
  function* flatMap(fn) {
    let i = 0;
    for (const value of { [Symbol.iterator]: () => this }) yield* fn(value, i++);
  }
  const helpers = {
    map,
    filter,
    take,
    drop,
    flatMap,
    toArray() {
      return [...{ [Symbol.iterator]: () => this }];
    },
    forEach(fn) {
      let i = 0;
      for (const value of { [Symbol.iterator]: () => this }) fn(value, i++);
    },
    some(fn) {
      let i = 0;
      for (const value of { [Symbol.iterator]: () => this }) if (fn(value, i++)) return true;
      return false;
    },
    every(fn) {
      let i = 0;
      for (const value of { [Symbol.iterator]: () => this }) if (!fn(value, i++)) return false;
      return true;
    },
    find(fn) {
      let i = 0;
      for (const value of { [Symbol.iterator]: () => this }) if (fn(value, i++)) return value;
      return undefined;
    },
    reduce(fn, ...initial) {
      let i = 0;
      let started = initial.length > 0;
      let acc = initial[0];
      for (const value of { [Symbol.iterator]: () => this }) {
        if (started) acc = fn(acc, value, i);
        else {
          acc = value;
          started = true;
        }
        i++;
      }
      if (!started) throw new TypeError('Reduce of empty iterator with no initial value');
      return acc;
    },
  };
  for (const [name, fn] of Object.entries(helpers)) {
    Object.defineProperty(IteratorPrototype, name, {
      value: fn,
      writable: true,
      configurable: true,
    });
  }
  Object.defineProperty(globalThis, 'Iterator', {
    value: Iterator,
    writable: true,
    configurable: true,
  });
}
