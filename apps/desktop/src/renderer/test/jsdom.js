/**
 * A jsdom document for renderer tests, usable on Node 20. Import it first in a test file:
 *
 *   import '../../test/jsdom.js';
 *
 * Why not `// @vitest-environment jsdom`: jsdom 31 loads undici 8, which at import binds
 * `zlib.createZstdDecompress` (Node >= 22.15) and `worker_threads.markAsUncloneable`
 * (Node >= 22.10); on Node 20 that throws before any test runs,
 * and Vitest's docblock takes only an environment name, not a file. So this module stubs the
 * two (renderer tests never fetch) and then sets up Vitest's own jsdom environment on
 * the test's globals. On a Node that has zstd the stub is skipped.
 */
import workerThreads from 'node:worker_threads';
import zlib from 'node:zlib';
import { afterAll } from 'vitest';
import { builtinEnvironments } from 'vitest/runtime';

if (typeof zlib.createZstdDecompress !== 'function') {
  zlib.createZstdDecompress = () => {
    throw new Error('zstd is not available on this Node.js');
  };
}

if (typeof workerThreads.markAsUncloneable !== 'function') {
  // Node >= 22.10; only guards structuredClone of undici objects, which tests never clone.
  workerThreads.markAsUncloneable = () => undefined;
}

if (typeof globalThis.document === 'undefined') {
  const environment = await builtinEnvironments.jsdom.setup(globalThis, {
    jsdom: { url: 'http://localhost:3000/' },
  });
  afterAll(() => environment.teardown(globalThis));
}
