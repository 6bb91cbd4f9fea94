import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../database.js';
import { StoreVersionError } from '../errors.js';
import { openStore } from '../store.js';
import { newAccount, tempDir } from '../test-support.js';
import { MIGRATIONS, migrate, type Migration } from './index.js';

let dispose: () => void = () => {};
afterEach(() => dispose());

function freshPath(): string {
  const d = tempDir();
  dispose = d.dispose;
  return join(d.dir, 'profile.db');
}

const tables = (db: ReturnType<typeof openDatabase>): string[] =>
  db
    .prepare<[], string>(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`)
    .pluck()
    .all();

const LATEST = MIGRATIONS.at(-1)!.version;

describe('migrations', () => {
  it('bring a new file to the latest version', () => {
    const path = freshPath();
    const key = randomBytes(32);
    openStore({ path, key }).close();
    const db = openDatabase(path, key);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST);
    expect(tables(db)).toEqual([
      'accounts',
      'contacts',
      'conversation_markers',
      'conversations',
      'message_refs',
      'message_replies',
      'messages',
      'pending_subscriptions',
      'reactions',
      'reactions_pending',
      'rooms',
      'transfers',
    ]);
    db.close();
  });

  it('are idempotent on reopen and keep the data', () => {
    const path = freshPath();
    const key = randomBytes(32);
    const first = openStore({ path, key });
    first.accounts.insert(newAccount('a1'));
    first.close();
    for (let i = 0; i < 3; i++) {
      const again = openStore({ path, key });
      expect(again.accounts.list().map((a) => a.id)).toEqual(['a1']);
      again.close();
    }
    const db = openDatabase(path, key);
    expect(migrate(db)).toBe(LATEST);
    db.close();
  });

  it('give conversations from before version 5 the default notification setting', () => {
    const path = freshPath();
    const key = randomBytes(32);
    const db = openDatabase(path, key);
    expect(migrate(db, MIGRATIONS.slice(0, 4))).toBe(4);
    db.prepare(
      `INSERT INTO accounts (id, jid, password, tls_mode, enabled, resource, presence_show,
         presence_status, created_at)
       VALUES ('a1', 'a1@x', 'pw', 'auto', 1, 'r', 'available', '', 1)`,
    ).run();
    db.prepare(
      `INSERT INTO conversations (account_id, peer, kind, created_at)
       VALUES ('a1', 'bob@x', 'chat', 1), ('a1', 'room@conf.x', 'room', 2)`,
    ).run();
    db.close();
    const store = openStore({ path, key });
    expect(store.conversations.list().map((c) => [c.peer, c.notify])).toEqual([
      ['room@conf.x', 'default'],
      ['bob@x', 'default'],
    ]);
    expect(() =>
      store.conversations.setNotify('a1', 'bob@x', 'sometimes' as unknown as 'never'),
    ).toThrow(/CHECK/);
    store.close();
  });

  it('let accounts from before version 6 keep sending chat states', () => {
    const path = freshPath();
    const key = randomBytes(32);
    const db = openDatabase(path, key);
    expect(migrate(db, MIGRATIONS.slice(0, 5))).toBe(5);
    db.prepare(
      `INSERT INTO accounts (id, jid, password, tls_mode, enabled, resource, presence_show,
         presence_status, created_at)
       VALUES ('a1', 'a1@x', 'pw', 'auto', 1, 'r', 'available', '', 1)`,
    ).run();
    db.close();
    const store = openStore({ path, key });
    expect(store.accounts.get('a1')?.sendChatStates).toBe(true);
    store.close();
    const raw = openDatabase(path, key);
    expect(() => raw.prepare(`UPDATE accounts SET send_chat_states = 2`).run()).toThrow(/CHECK/);
    raw.close();
  });

  it('refuse a file from a newer version and leave it untouched', () => {
    const path = freshPath();
    const key = randomBytes(32);
    openStore({ path, key }).close();
    const db = openDatabase(path, key);
    db.pragma(`user_version = ${LATEST + 1}`);
    db.close();
    const before = createHash('sha256').update(readFileSync(path)).digest('hex');
    expect(() => openStore({ path, key })).toThrow(StoreVersionError);
    expect(() => openStore({ path, key })).toThrow(/newer Parley/);
    expect(createHash('sha256').update(readFileSync(path)).digest('hex')).toBe(before);
  });

  it('roll back every step of a failed upgrade', () => {
    const db = openDatabase(freshPath(), randomBytes(32));
    const broken: Migration = {
      version: 2,
      name: 'broken',
      up(d) {
        d.exec('CREATE TABLE half_done (x INTEGER)');
        throw new Error('boom');
      },
    };
    expect(() => migrate(db, [...MIGRATIONS.slice(0, 1), broken])).toThrow('boom');
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(tables(db)).toEqual([]);
    db.close();
  });

  it('accept a skipped version number (steps numbered on separate branches) and run each once', () => {
    const db = openDatabase(freshPath(), randomBytes(32));
    const ran: string[] = [];
    const step = (version: number): Migration => ({
      version,
      name: `v${version}`,
      up: () => void ran.push(`v${version}`),
    });
    expect(migrate(db, [step(1), step(3)])).toBe(3);
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    expect(migrate(db, [step(1), step(3), step(5)])).toBe(5);
    expect(ran).toEqual(['v1', 'v3', 'v5']);
    db.close();
  });

  it('refuse a list whose versions repeat or go back', () => {
    const db = openDatabase(freshPath(), randomBytes(32));
    const at = (version: number): Migration => ({ version, name: `v${version}`, up() {} });
    expect(() => migrate(db, [at(1), at(3), at(2)])).toThrow(/out of order/);
    expect(() => migrate(db, [at(1), at(1)])).toThrow(/out of order/);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    db.close();
  });
});
