/**
 * Message paging in a large conversation: 100,000 messages, first page and a page deep in
 * history, encrypted (SQLCipher 4 via SQLite3MultipleCiphers) against an unencrypted baseline.
 * Run: pnpm tsx bench/store-page.ts
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// Deep imports: the unencrypted baseline is deliberately not part of the package's public API.
import { openDatabase } from '../packages/store/src/database.js';
import { createStore, type Store } from '../packages/store/src/store.js';
import { size } from './lib/smoke.js';

const MESSAGES = size(100_000, 2_000);
const PAGE = 50;
const RUNS = size(20, 3);
const DEEP_INDEX = MESSAGES / 10; // the cursor sits 90 % of the messages back from the newest
const PEER = 'bob@example.org';

interface Result {
  variant: string;
  insertRowsPerSec: number;
  fileMb: number;
  openPlusFirstPageMs: number;
  firstPageMs: number;
  deepPageMs: number;
  countMs: number;
}

function median(fn: () => void, runs = RUNS): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return ((times[(runs - 1) >> 1] ?? 0) + (times[runs >> 1] ?? 0)) / 2;
}

function open(path: string, key: Buffer | null): Store {
  return createStore(openDatabase(path, key), path);
}

function run(variant: string, key: Buffer | null): Result {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  const path = join(dir, 'profile.db');
  try {
    let store = open(path, key);
    store.accounts.insert({
      id: 'a1',
      jid: 'alice@example.org',
      password: 'pw',
      host: null,
      port: null,
      tlsMode: 'auto',
      pinnedFingerprint256: null,
      pinnedCertPem: null,
      enabled: true,
      resource: 'bench',
      ownPresence: { show: 'available', status: '' },
    });
    const t0 = performance.now();
    store.transaction(() => {
      for (let i = 0; i < MESSAGES; i++) {
        store.messages.insert({
          id: `m${i}`,
          accountId: 'a1',
          peer: PEER,
          direction: i % 3 ? 'in' : 'out',
          body: `message number ${i}: the quick brown fox jumps over the lazy dog`,
          // Pairs of equal timestamps so the (timestamp, seq) tie-break is exercised.
          timestamp: 1_700_000_000_000 + Math.floor(i / 2) * 1000,
          status: i % 3 ? 'received' : 'acked',
          originId: `o${i}`,
          stanzaId: `s${i}`,
        });
      }
    });
    const insertMs = performance.now() - t0;
    store.close();
    const fileMb = statSync(path).size / 2 ** 20;

    // A fresh connection each time: schema check, key setup and cold page cache included.
    const openPlusFirstPageMs = median(() => {
      const s = open(path, key);
      s.messages.page('a1', PEER, { beforeId: null, limit: PAGE });
      s.close();
    });

    store = open(path, key);
    const first = store.messages.page('a1', PEER, { beforeId: null, limit: PAGE });
    const deep = store.messages.page('a1', PEER, { beforeId: `m${DEEP_INDEX}`, limit: PAGE });
    if (
      first.messages.at(-1)?.id !== `m${MESSAGES - 1}` ||
      deep.messages.at(-1)?.id !== `m${DEEP_INDEX - 1}`
    ) {
      throw new Error('paging returned the wrong rows');
    }
    const firstPageMs = median(() =>
      store.messages.page('a1', PEER, { beforeId: null, limit: PAGE }),
    );
    const deepPageMs = median(() =>
      store.messages.page('a1', PEER, { beforeId: `m${DEEP_INDEX}`, limit: PAGE }),
    );
    const countMs = median(() => store.messages.count('a1', PEER));
    store.close();
    return {
      variant,
      insertRowsPerSec: MESSAGES / (insertMs / 1000),
      fileMb,
      openPlusFirstPageMs,
      firstPageMs,
      deepPageMs,
      countMs,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const results = [
  run('sqlcipher (encrypted)', randomBytes(32)),
  run('plain SQLite (baseline)', null),
];
const ms = (n: number) => `${n.toFixed(3)} ms`;
console.log(
  `store-page: ${MESSAGES.toLocaleString('en')} messages in one conversation, page of ${PAGE}, median of ${RUNS}`,
);
console.table(
  Object.fromEntries(
    results.map((r) => [
      r.variant,
      {
        'insert rows/s': Math.round(r.insertRowsPerSec).toLocaleString('en'),
        'file MB': r.fileMb.toFixed(1),
        'open + first page': ms(r.openPlusFirstPageMs),
        'first page (warm)': ms(r.firstPageMs),
        [`page before #${DEEP_INDEX}`]: ms(r.deepPageMs),
        'count()': ms(r.countMs),
      },
    ]),
  ),
);
