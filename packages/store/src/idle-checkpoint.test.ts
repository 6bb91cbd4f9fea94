import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { IdleCheckpoint, WAL_AUTOCHECKPOINT_PAGES } from './idle-checkpoint.js';
import { tempDir } from './test-support.js';

let cleanup: Array<() => void> = [];
afterEach(() => {
  for (const fn of cleanup.reverse()) fn();
  cleanup = [];
});

function openWithRows(rows: number) {
  const d = tempDir();
  const path = join(d.dir, 'idle.db');
  const db = openDatabase(path, randomBytes(32));
  // A timer that never fires in the test: the turns are driven by hand.
  const idle = new IdleCheckpoint(db, 1_000_000);
  cleanup.push(
    d.dispose,
    () => db.close(),
    () => idle.stop(),
  );
  db.exec('CREATE TABLE t (v BLOB)');
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < rows; i++) insert.run(randomBytes(1024));
  })();
  return { db, idle, size: () => statSync(path).size };
}

describe('IdleCheckpoint', () => {
  it('raises SQLite’s own checkpoint bound so a burst of commits does not pay for checkpoints', () => {
    const { db } = openWithRows(0);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(WAL_AUTOCHECKPOINT_PAGES);
  });

  it('folds the WAL into the database file only after a quiet interval', () => {
    const { idle, size } = openWithRows(500);
    const before = size();
    idle.tick(); // writes seen since the last look: wait for a quiet one
    expect(size()).toBe(before);
    idle.tick(); // quiet: the pages move from the WAL into the file
    expect(size()).toBeGreaterThan(before + 400 * 1024);
  });

  it('waits again when writes continue', () => {
    const { db, idle, size } = openWithRows(500);
    const before = size();
    idle.tick();
    db.prepare('INSERT INTO t (v) VALUES (?)').run(randomBytes(16));
    idle.tick();
    expect(size()).toBe(before);
  });
});
