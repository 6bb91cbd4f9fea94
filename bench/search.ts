/**
 * Full-text search over 1,000,000 stored messages (several accounts, 40 conversations, text in
 * English, French, German, Spanish and Russian with emoji and links), in the encrypted store:
 * - query time of the FTS5 index (the app's path: store.messageSearch.search, page of 50, hits
 *   read and highlighted) against `body LIKE '%q%'` (same page, newest first), in the same run,
 *   over all messages and within one conversation;
 * - the cost of the index on the receive path: the same messages stored with and without the
 *   index's triggers (one commit per 1,000 messages, so the commit's own cost does not hide the
 *   index's), and the rate at which the background indexer then indexes the queue;
 * - trigram (substring) indexing as the alternative, on the same data.
 * Target: FTS p95 < 50 ms for every query at 10^6.
 * Run: pnpm tsx bench/search.ts [messages]   (default 1000000)
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// Deep imports: the bench needs the raw connection to swap the index (not public API).
import { openDatabase } from '../packages/store/src/database.js';
import { createStore, type Store } from '../packages/store/src/store.js';
import { mb } from './lib/figures.js';
import { size, verdict } from './lib/smoke.js';
import { corpus, RARE_WORD } from './lib/search-corpus.js';

const MESSAGES = Number(process.argv[2] ?? size(1_000_000, 5_000));
const FTS_RUNS = size(40, 3);
const LIKE_RUNS = size(5, 2);
const LIMIT = 50;
const BATCH = 1000;
const INDEX_BATCH = 500;
const TARGET_P95_MS = 50;

type Connection = ReturnType<typeof openDatabase>;

type Variant = 'unicode61 (chosen)' | 'no index' | 'trigram';

interface Query {
  label: string;
  text: string;
  /** Within this conversation of account a1; null for all messages. */
  peer: string | null;
}

const BUSY_PEER = 'peer0@example.org';
const QUERIES: Query[] = [
  { label: 'common word', text: 'the', peer: null },
  { label: 'rare word', text: RARE_WORD, peer: null },
  { label: 'two words', text: 'meeting tomorrow', peer: null },
  { label: 'prefix', text: 'tomo', peer: null },
  { label: 'short prefix', text: 'th', peer: null },
  { label: 'no hit', text: 'zzyzxq', peer: null },
  { label: 'accents folded', text: 'creme', peer: null },
  { label: 'Cyrillic', text: 'привет', peer: null },
  { label: 'common, one conversation', text: 'the', peer: BUSY_PEER },
  { label: 'rare, one conversation', text: RARE_WORD, peer: BUSY_PEER },
  { label: 'no hit, one conversation', text: 'zzyzxq', peer: BUSY_PEER },
];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

function account(store: Store, id: string): void {
  store.accounts.insert({
    id,
    jid: `${id}@example.org`,
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
}

/** Puts the variant's index in place of the migration's before any message is stored. */
function prepare(db: Connection, variant: Variant): void {
  if (variant === 'unicode61 (chosen)') return;
  db.exec('DROP TABLE messages_search');
  if (variant === 'no index') {
    for (const t of ['insert', 'delete', 'update']) db.exec(`DROP TRIGGER messages_search_${t}`);
    db.exec('DROP TABLE messages_search_queue');
    return;
  }
  // Same name, so the migration's triggers and the repository's queries work unchanged.
  db.exec(`CREATE VIRTUAL TABLE messages_search USING fts5(body, content = 'messages',
    content_rowid = 'seq', tokenize = 'trigram remove_diacritics 1')`);
}

interface Filled {
  /** Null for 'no index' (the search repository needs the index). */
  store: Store | null;
  db: Connection;
  path: string;
  insertPerSec: number;
  /** Background indexing of the queue after the fill; null for 'no index'. */
  indexPerSec: number | null;
  fileBytes: number;
}

function fill(dir: string, variant: Variant): Filled {
  const path = join(dir, `${variant.split(' ')[0]}.db`);
  const key = randomBytes(32);
  let db = openDatabase(path, key);
  const store = createStore(db, path);
  prepare(db, variant);
  account(store, 'a1');
  account(store, 'a2');
  const messages = corpus(MESSAGES);
  const started = performance.now();
  let done = false;
  while (!done) {
    store.transaction(() => {
      for (let i = 0; i < BATCH; i++) {
        const next = messages.next();
        if (next.done) {
          done = true;
          return;
        }
        store.messages.insert(next.value);
      }
    });
  }
  const insertPerSec = MESSAGES / ((performance.now() - started) / 1000);
  let indexPerSec: number | null = null;
  if (variant !== 'no index') {
    // What the background indexer does when the app is quiet, in its batch size.
    const t0 = performance.now();
    let indexed = 0;
    for (let n = store.messageSearch.indexPending(INDEX_BATCH); n > 0;) {
      indexed += n;
      n = store.messageSearch.indexPending(INDEX_BATCH);
    }
    if (indexed !== MESSAGES) throw new Error(`indexed ${indexed} of ${MESSAGES} messages`);
    indexPerSec = indexed / ((performance.now() - t0) / 1000);
  }
  store.close();
  const fileBytes = statSync(path).size;
  db = openDatabase(path, key);
  const reopened = variant === 'no index' ? null : createStore(db, path);
  return { store: reopened, db, path, insertPerSec, indexPerSec, fileBytes };
}

function timeRuns(runs: number, fn: () => number): { times: number[]; hits: number } {
  const times: number[] = [];
  let hits = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    hits = fn();
    times.push(performance.now() - t0);
  }
  return { times, hits };
}

const ftsQuery = (store: Store, q: Query) =>
  store.messageSearch.search({
    text: q.text,
    accountId: q.peer ? 'a1' : null,
    peer: q.peer,
    before: null,
    limit: LIMIT,
  }).hits.length;

function likeQuery(db: Connection, q: Query): number {
  const words = q.text.split(/\s+/);
  const where = words.map((_, i) => `body LIKE @w${i}`).join(' AND ');
  const params: Record<string, string> = Object.fromEntries(
    words.map((w, i) => [`w${i}`, `%${w}%`]),
  );
  const scope = q.peer ? `AND account_id = 'a1' AND peer = @peer` : '';
  if (q.peer) params['peer'] = q.peer;
  return db
    .prepare(
      `SELECT seq FROM messages WHERE ${where} ${scope} ORDER BY timestamp DESC, seq DESC LIMIT ${LIMIT}`,
    )
    .all(params).length;
}

const dir = mkdtempSync(join(tmpdir(), 'parley-bench-search-'));
const fmt = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
try {
  console.log(
    `search: ${MESSAGES.toLocaleString('en')} messages, page of ${LIMIT}; FTS runs ${FTS_RUNS}, LIKE runs ${LIKE_RUNS} per query`,
  );
  const rows: Array<Record<string, string>> = [];
  const inserts: Array<Record<string, string>> = [];
  let worstP95 = 0;
  let allFound = true;

  const plain = fill(dir, 'no index');
  inserts.push({
    variant: 'no index',
    'insert msg/s': Math.round(plain.insertPerSec).toLocaleString('en'),
    'µs/msg': (1e6 / plain.insertPerSec).toFixed(1),
    'background index msg/s': '—',
    file: mb(plain.fileBytes),
  });
  const like = new Map<string, { times: number[]; hits: number }>();
  for (const q of QUERIES)
    like.set(
      q.label,
      timeRuns(LIKE_RUNS, () => likeQuery(plain.db, q)),
    );
  plain.db.close();
  rmSync(plain.path, { force: true });

  for (const variant of ['unicode61 (chosen)', 'trigram'] as const) {
    const f = fill(dir, variant);
    const store = f.store!;
    inserts.push({
      variant,
      'insert msg/s': Math.round(f.insertPerSec).toLocaleString('en'),
      'µs/msg': (1e6 / f.insertPerSec).toFixed(1),
      'background index msg/s': Math.round(f.indexPerSec ?? 0).toLocaleString('en'),
      file: mb(f.fileBytes),
    });
    for (const q of QUERIES) {
      ftsQuery(store, q); // warm the statement and the pages once, as a typing user does
      const r = timeRuns(FTS_RUNS, () => ftsQuery(store, q));
      const l = like.get(q.label)!;
      const p95 = percentile(r.times, 95);
      if (variant === 'unicode61 (chosen)') {
        worstP95 = Math.max(worstP95, p95);
        // Every query but the no-hit ones finds something (the corpus guarantees it).
        if (!q.label.startsWith('no hit') && r.hits === 0) allFound = false;
      }
      rows.push({
        index: variant,
        query: `${q.label} (${q.text})`,
        'FTS p50': fmt(percentile(r.times, 50)),
        'FTS p95': fmt(p95),
        'FTS hits': String(r.hits),
        'LIKE p50': fmt(percentile(l.times, 50)),
        'LIKE p95': fmt(percentile(l.times, 95)),
        'LIKE hits': String(l.hits),
      });
    }
    store.close();
    rmSync(f.path, { force: true });
  }
  console.table(inserts);
  console.table(rows);
  const chosen = inserts[1]!;
  const base = inserts[0]!;
  const extraUs = Number(chosen['µs/msg']) - Number(base['µs/msg']);
  console.log(
    `receive-path cost of the index per stored message: +${extraUs.toFixed(1)} µs (${chosen['insert msg/s']} vs ${base['insert msg/s']} msg/s)`,
  );
  if (!allFound) {
    console.log('a query that must find messages found none: the index is broken');
    process.exitCode = 1;
  }
  console.log(
    `target FTS p95 < ${TARGET_P95_MS} ms for every query over ${MESSAGES.toLocaleString('en')}: worst ${fmt(worstP95)} ${verdict(worstP95 < TARGET_P95_MS)}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
