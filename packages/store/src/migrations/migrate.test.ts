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
      'avatar_images',
      'avatar_users',
      'blocklist',
      'contacts',
      'conversation_markers',
      'conversations',
      'files_to_remove',
      'message_edits',
      'message_replies',
      'messages',
      // FTS5's own tables behind the external-content search index (migration 0008).
      'messages_search',
      'messages_search_config',
      'messages_search_data',
      'messages_search_docsize',
      'messages_search_idx',
      'messages_search_queue',
      // OMEMO (migration 0011).
      'omemo_contacts',
      'omemo_conversations',
      'omemo_devices',
      'omemo_heartbeats',
      'omemo_identities',
      'omemo_identity',
      'omemo_prekeys',
      'omemo_sessions',
      'omemo_signed_prekeys',
      'orphan_edits',
      'outgoing_edits',
      'pending_subscriptions',
      'reactions',
      'reactions_pending',
      'rooms',
      'settings',
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
    expect(migrate(db, MIGRATIONS.slice(0, 6))).toBe(6);
    expect(() => db.prepare(`UPDATE accounts SET send_chat_states = 2`).run()).toThrow(/CHECK/);
    db.close();
    const store = openStore({ path, key });
    expect(store.settings.get('sendChatStates', 'a1')).toBe(true);
    store.close();
  });

  it('turn previews of messages retracted before version 13 into tombstones (no file name left)', () => {
    const path = freshPath();
    const key = randomBytes(32);
    const db = openDatabase(path, key);
    expect(migrate(db, MIGRATIONS.slice(0, 10))).toBe(10);
    db.prepare(
      `INSERT INTO accounts (id, jid, password, tls_mode, enabled, resource, presence_show,
         presence_status, created_at)
       VALUES ('a1', 'a1@x', 'pw', 'auto', 1, 'r', 'available', '', 1)`,
    ).run();
    // Retracted by its sender (a file: the preview kept its name), moderated, and one kept.
    db.prepare(
      `INSERT INTO messages (id, account_id, peer, direction, body, timestamp, status,
         retracted_at, retracted_by)
       VALUES ('m1', 'a1', 'bob@x', 'in', '', 100, 'received', 200, 'bob@x'),
              ('m2', 'a1', 'room@c.x', 'in', '', 300, 'received', 400, 'moderated:room@c.x'),
              ('m3', 'a1', 'eve@x', 'in', 'still here', 500, 'received', NULL, NULL)`,
    ).run();
    db.prepare(
      `INSERT INTO conversations (account_id, peer, kind, created_at, last_body, last_direction,
         last_timestamp)
       VALUES ('a1', 'bob@x', 'chat', 1, '📎 secret.pdf', 'in', 100),
              ('a1', 'room@c.x', 'room', 1, '', 'in', 300),
              ('a1', 'eve@x', 'chat', 1, 'still here', 'in', 500)`,
    ).run();
    db.close();
    const store = openStore({ path, key });
    const last = (peer: string) => store.conversations.get('a1', peer)?.lastMessage;
    expect(last('bob@x')).toMatchObject({ body: '', retracted: 'sender' });
    expect(last('room@c.x')).toMatchObject({ body: '', retracted: 'moderator' });
    expect(last('eve@x')).toEqual({ body: 'still here', direction: 'in', timestamp: 500 });
    store.close();
  });

  it('move the per-account preferences into the settings table with their values (version 7)', () => {
    const path = freshPath();
    const key = randomBytes(32);
    const db = openDatabase(path, key);
    expect(migrate(db, MIGRATIONS.slice(0, 6))).toBe(6);
    const insert = db.prepare<[string, string, number, number]>(
      `INSERT INTO accounts (id, jid, password, tls_mode, enabled, resource, presence_show,
         presence_status, created_at, send_chat_states, auto_download_bytes)
       VALUES (?, ? || '@x', 'pw', 'auto', 1, 'r', 'available', '', 1, ?, ?)`,
    );
    insert.run('a1', 'a1', 0, 0);
    insert.run('a2', 'a2', 1, 25 * 1024 * 1024);
    db.close();
    const store = openStore({ path, key });
    expect(store.settings.get('sendChatStates', 'a1')).toBe(false);
    expect(store.settings.get('autoDownloadBytes', 'a1')).toBe(0);
    expect(store.settings.get('sendChatStates', 'a2')).toBe(true);
    expect(store.settings.get('autoDownloadBytes', 'a2')).toBe(25 * 1024 * 1024);
    expect(store.accounts.get('a1')).toMatchObject({ id: 'a1', jid: 'a1@x' });
    store.close();
  });

  it('give accounts from before version 14 their added order, priority 0, no history, no proxy', () => {
    const path = freshPath();
    const key = randomBytes(32);
    const db = openDatabase(path, key);
    expect(migrate(db, MIGRATIONS.slice(0, 13))).toBe(13);
    const insert = db.prepare<[string, string, number]>(
      `INSERT INTO accounts (id, jid, password, tls_mode, enabled, resource, presence_show,
         presence_status, created_at)
       VALUES (?, ? || '@x', 'pw', 'auto', 1, 'r', 'available', '', ?)`,
    );
    insert.run('late', 'late', 30);
    insert.run('early', 'early', 10);
    insert.run('middle', 'middle', 20);
    expect(migrate(db, MIGRATIONS.slice(0, 14))).toBe(14);
    expect(() => db.prepare(`UPDATE accounts SET priority = 200`).run()).toThrow(/CHECK/);
    expect(() => db.prepare(`UPDATE accounts SET status_history_json = '{}'`).run()).toThrow(
      /CHECK/,
    );
    db.close();
    const store = openStore({ path, key });
    expect(store.accounts.list().map((a) => [a.id, a.position])).toEqual([
      ['early', 0],
      ['middle', 1],
      ['late', 2],
    ]);
    expect(store.accounts.get('early')).toMatchObject({
      color: null,
      priority: 0,
      statusHistory: [],
      proxy: null,
    });
    store.close();
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

  it('refuse a list whose versions skip, repeat or go back', () => {
    const db = openDatabase(freshPath(), randomBytes(32));
    const at = (version: number): Migration => ({ version, name: `v${version}`, up() {} });
    expect(() => migrate(db, [at(1), at(3)])).toThrow(/not contiguous/);
    expect(() => migrate(db, [at(1), at(3), at(2)])).toThrow(/not contiguous/);
    expect(() => migrate(db, [at(1), at(1)])).toThrow(/not contiguous/);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    db.close();
  });
});
