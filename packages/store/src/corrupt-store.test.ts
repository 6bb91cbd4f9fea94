import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  ftruncateSync,
  openSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreCorruptError, StoreKeyError } from './errors.js';
import { keyCheckPath } from './key-check.js';
import { openStore } from './store.js';
import { newAccount, tempDir } from './test-support.js';

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup.reverse()) fn();
  cleanup = [];
});

/** A closed store of a few hundred KB (many pages) at a fresh path, and its key. */
function filledStore(): { path: string; key: Buffer } {
  const d = tempDir();
  cleanup.push(d.dispose);
  const path = join(d.dir, 'parley.db');
  const key = randomBytes(32);
  const store = openStore({ path, key });
  store.accounts.insert(newAccount('a1'));
  for (let i = 0; i < 2000; i++) {
    store.messages.insert({
      accountId: 'a1',
      peer: 'bob@example.org',
      direction: 'in',
      body: `message ${i} ${'x'.repeat(100)}`,
      timestamp: i,
      status: 'received',
    });
  }
  store.close();
  return { path, key };
}

function damage(path: string, offset: number, length: number): void {
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, randomBytes(length), 0, length, offset);
  } finally {
    closeSync(fd);
  }
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('a damaged store is reported as damaged, not as a wrong key', () => {
  it('right key, damaged first page: StoreCorruptError, and the file is left as it was', () => {
    const { path, key } = filledStore();
    expect(existsSync(keyCheckPath(path))).toBe(true);
    damage(path, 200, 100);
    const before = sha(path);
    expect(() => openStore({ path, key })).toThrow(StoreCorruptError);
    expect(() => openStore({ path, key })).toThrow(/damaged/);
    expect(sha(path)).toBe(before);
  });

  it('wrong key on the same damaged file: still a wrong key', () => {
    const { path } = filledStore();
    damage(path, 200, 100);
    expect(() => openStore({ path, key: randomBytes(32) })).toThrow(StoreKeyError);
  });

  it('wrong key on an intact file: StoreKeyError saying so', () => {
    const { path, key } = filledStore();
    const wrong = randomBytes(32);
    expect(() => openStore({ path, key: wrong })).toThrow(StoreKeyError);
    expect(() => openStore({ path, key: wrong })).toThrow(/wrong key$/);
    openStore({ path, key }).close();
  });

  it('a store from before key checks gets one at its next open, then tells damage apart', () => {
    const { path, key } = filledStore();
    rmSync(keyCheckPath(path));
    damage(path, 200, 100);
    // Without a check value the two cannot be told apart: the old, cautious answer.
    expect(() => openStore({ path, key })).toThrow(StoreKeyError);

    const fresh = filledStore();
    rmSync(keyCheckPath(fresh.path));
    openStore(fresh).close();
    expect(existsSync(keyCheckPath(fresh.path))).toBe(true);
    damage(fresh.path, 200, 100);
    expect(() => openStore(fresh)).toThrow(StoreCorruptError);
  });

  it('right key, file cut short: never reported as a wrong key', () => {
    const { path, key } = filledStore();
    const fd = openSync(path, 'r+');
    ftruncateSync(fd, 4096 * 2);
    closeSync(fd);
    let error: unknown = null;
    try {
      const store = openStore({ path, key });
      store.messages.count('a1', 'bob@example.org');
      store.close();
    } catch (e) {
      error = e;
    }
    expect(error).not.toBeInstanceOf(StoreKeyError);
  });
});

describe('rekey', () => {
  it('re-encrypts the store under a new key: the old one no longer opens it, nothing is lost', () => {
    const { path, key } = filledStore();
    const store = openStore({ path, key });
    const next = randomBytes(32);
    store.rekey(next);
    expect(store.messages.count('a1', 'bob@example.org')).toBe(2000);
    store.close();
    expect(() => openStore({ path, key })).toThrow(StoreKeyError);
    const again = openStore({ path, key: next });
    expect(again.messages.count('a1', 'bob@example.org')).toBe(2000);
    again.close();
    // The key check follows the key: damage is still told from a wrong key.
    damage(path, 200, 100);
    expect(() => openStore({ path, key: next })).toThrow(StoreCorruptError);
  });

  it('works on a store whose migrations ran in the same open (a new profile rekeyed at once)', () => {
    const { dir, dispose } = tempDir();
    try {
      const path = join(dir, 'parley.db');
      const store = openStore({ path, key: randomBytes(32) });
      const next = randomBytes(32);
      store.rekey(next);
      store.close();
      openStore({ path, key: next }).close();
    } finally {
      dispose();
    }
  });
});
