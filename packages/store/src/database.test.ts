import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { StoreKeyError } from './errors.js';
import { createStore, openStore, type Store } from './store.js';
import { newAccount, tempDir } from './test-support.js';

const BODY = 'zebra-quokka-marmalade-7731';
const JID = 'wombat-4412@secret.example';
const PASSWORD = 'hunter2-platypus-0099';

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup.reverse()) fn();
  cleanup = [];
});

function dir(): string {
  const d = tempDir();
  cleanup.push(d.dispose);
  return d.dir;
}

function fill(store: Store): void {
  store.accounts.insert(newAccount('a1', { jid: JID, password: PASSWORD }));
  store.contacts.upsert('a1', {
    jid: JID,
    name: 'W',
    groups: [],
    subscription: 'both',
    askSubscribe: false,
  });
  for (let i = 0; i < 50; i++) {
    store.messages.insert({
      accountId: 'a1',
      peer: JID,
      direction: 'in',
      body: `${BODY} ${i}`,
      timestamp: i,
      status: 'received',
    });
  }
}

function contains(file: string, needle: string): boolean {
  return existsSync(file) && readFileSync(file).includes(Buffer.from(needle, 'utf8'));
}

function sha(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

describe('encryption at rest', () => {
  it('the search would find the plaintext in an unencrypted file (control)', () => {
    const path = join(dir(), 'plain.db');
    const store = createStore(openDatabase(path, null), path);
    fill(store);
    store.close();
    expect(contains(path, BODY)).toBe(true);
    expect(contains(path, PASSWORD)).toBe(true);
  });

  it('neither the database nor its WAL contains a body, JID or password', () => {
    const path = join(dir(), 'profile.db');
    const store = openStore({ path, key: randomBytes(32) });
    fill(store);
    // Before a checkpoint the rows live only in the WAL: it must be ciphertext too.
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(0);
    for (const file of [path, `${path}-wal`, `${path}-shm`]) {
      for (const secret of [BODY, JID, PASSWORD])
        expect(contains(file, secret), `${secret} in ${file}`).toBe(false);
    }
    store.checkpoint();
    for (const file of [path, `${path}-wal`]) {
      for (const secret of [BODY, JID, PASSWORD])
        expect(contains(file, secret), `${secret} in ${file}`).toBe(false);
    }
    store.close();
    for (const secret of [BODY, JID, PASSWORD]) expect(contains(path, secret)).toBe(false);
    expect(readFileSync(path).subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');
  });

  it('reopens with the right key', () => {
    const path = join(dir(), 'profile.db');
    const key = randomBytes(32);
    const store = openStore({ path, key });
    fill(store);
    store.close();
    const again = openStore({ path, key });
    expect(again.accounts.get('a1')?.password).toBe(PASSWORD);
    expect(again.messages.count('a1', JID)).toBe(50);
    again.close();
  });

  it('a wrong key throws StoreKeyError and leaves the file byte-identical', () => {
    const path = join(dir(), 'profile.db');
    const key = randomBytes(32);
    const store = openStore({ path, key });
    fill(store);
    store.close();
    const before = sha(path);
    expect(() => openStore({ path, key: randomBytes(32) })).toThrow(StoreKeyError);
    expect(() => openStore({ path, key: randomBytes(32) })).toThrow(/wrong key/);
    expect(sha(path)).toBe(before);
    expect(existsSync(`${path}-wal`)).toBe(false);
    const again = openStore({ path, key });
    expect(again.messages.count('a1', JID)).toBe(50);
    again.close();
  });

  it('a wrong key does not touch a WAL left by a crash; the right key then recovers it', () => {
    const d = dir();
    const live = join(d, 'live.db');
    const key = randomBytes(32);
    const store = openStore({ path: live, key });
    fill(store);
    // Copying the files of an open store is what a crash leaves behind: commits only in the WAL.
    const crashed = join(d, 'crashed.db');
    copyFileSync(live, crashed);
    copyFileSync(`${live}-wal`, `${crashed}-wal`);
    store.close();
    const [db, wal] = [sha(crashed), sha(`${crashed}-wal`)];
    expect(() => openStore({ path: crashed, key: randomBytes(32) })).toThrow(StoreKeyError);
    expect(sha(crashed)).toBe(db);
    expect(sha(`${crashed}-wal`)).toBe(wal);
    const recovered = openStore({ path: crashed, key });
    expect(recovered.messages.count('a1', JID)).toBe(50);
    recovered.close();
  });

  it('cannot be read without a key', () => {
    const path = join(dir(), 'profile.db');
    const store = openStore({ path, key: randomBytes(32) });
    fill(store);
    store.close();
    const raw = new Database(path);
    expect(() => raw.prepare('SELECT count(*) FROM messages').get()).toThrow(
      /file is not a database/,
    );
    raw.close();
  });

  it('refuses an unencrypted SQLite file with a clear message', () => {
    const path = join(dir(), 'plain.db');
    const raw = new Database(path);
    raw.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    raw.close();
    expect(() => openStore({ path, key: randomBytes(32) })).toThrow(/unencrypted SQLite database/);
  });

  it('refuses a file that is not a database at all', () => {
    const path = join(dir(), 'junk.db');
    writeFileSync(path, randomBytes(8192));
    expect(() => openStore({ path, key: randomBytes(32) })).toThrow(StoreKeyError);
  });

  it('rejects keys that are not 32 bytes and non-file paths', () => {
    const path = join(dir(), 'profile.db');
    expect(() => openStore({ path, key: randomBytes(16) })).toThrow(RangeError);
    expect(() => openStore({ path, key: randomBytes(33) })).toThrow(RangeError);
    expect(() => openStore({ path, key: 'x'.repeat(32) as unknown as Buffer })).toThrow(RangeError);
    expect(existsSync(path)).toBe(false);
    expect(() => openStore({ path: ':memory:', key: randomBytes(32) })).toThrow(TypeError);
    expect(() => openStore({ path: '', key: randomBytes(32) })).toThrow(TypeError);
  });

  it('applies WAL, foreign keys, synchronous=NORMAL and in-memory temp storage', () => {
    const db = openDatabase(join(dir(), 'profile.db'), randomBytes(32));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.pragma('temp_store', { simple: true })).toBe(2);
    expect(db.pragma('cipher', { simple: true })).toBe('sqlcipher');
    db.close();
  });
});
