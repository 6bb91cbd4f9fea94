/**
 * The real backend and encrypted store of one profile in a process of its own, so a fault
 * scenario can kill it with SIGKILL. Configured by FAULT_CHILD (JSON: profile dir, store key
 * hex, CA PEM). It connects the profile's accounts and prints one line per fact on stdout:
 *   READY              the first catch-up after the start is done
 *   STORED <body>      a message.added event (emitted only after its commit)
 */
import { join } from 'node:path';
import { openStore } from '@parley/store';
import { createBackend } from '../../../packages/backend/src/backend.js';

interface ChildConfig {
  profile: string;
  keyHex: string;
  caPem: string;
}

const config = JSON.parse(process.env['FAULT_CHILD'] ?? '{}') as ChildConfig;
const store = openStore({
  path: join(config.profile, 'parley.db'),
  key: Buffer.from(config.keyHex, 'hex'),
});
const backend = createBackend({
  store,
  trustedCaPem: config.caPem,
  downloadDir: join(config.profile, 'Downloads'),
  allowLoopbackHttp: true,
  validateEvents: false,
  mamPageSize: 100,
  reconnect: { minDelayMs: 200, maxDelayMs: 2_000, factor: 1.5 },
});
let ready = false;
let out = '';
const flushOut = () => {
  if (out) process.stdout.write(out);
  out = '';
};
// One write per turn of the event loop, not per message.
setInterval(flushOut, 20).unref();
backend.onEvent((name, payload) => {
  if (name === 'message.added') out += `STORED ${(payload as { body: string }).body}\n`;
  if (name === 'history.progress' && (payload as { done: boolean }).done && !ready) {
    ready = true;
    out += 'READY\n';
  }
});
process.once('SIGTERM', () => {
  void backend.stop().then(() => {
    flushOut();
    store.close();
    process.exit(0);
  });
});
await backend.start();
