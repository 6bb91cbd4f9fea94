import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../database.js';
import { MIGRATIONS, migrate } from '../migrations/index.js';
import { openStore } from '../store.js';
import { newAccount, openTempStore, tempDir, type TempStore } from '../test-support.js';
import type { AvatarImage } from './avatars.js';

let t: TempStore | null = null;
let dispose: () => void = () => {};
afterEach(() => {
  t?.dispose();
  t = null;
  dispose();
  dispose = () => {};
});

function image(seed: number): AvatarImage {
  return {
    hash: seed.toString(16).padStart(40, '0'),
    mime: 'image/png',
    data: new Uint8Array([0x89, 0x50, 0x4e, 0x47, seed]),
  };
}

function open(): TempStore {
  t = openTempStore();
  t.store.accounts.insert(newAccount('a1'));
  t.store.accounts.insert(newAccount('a2'));
  return t;
}

describe('the avatar cache', () => {
  it('keeps an image once by hash and tells who shows it', () => {
    const { store } = open();
    expect(store.avatars.has(image(1).hash)).toBe(false);
    expect(store.avatars.assign('a1', 'bob@x', image(1), 'pep')).toBe(true);
    expect(store.avatars.assign('a2', 'carol@x', image(1), 'vcard')).toBe(true);
    expect(store.avatars.has(image(1).hash)).toBe(true);
    expect(store.avatars.image(image(1).hash)).toEqual(image(1));
    expect(store.avatars.get('a1', 'bob@x')).toEqual({
      jid: 'bob@x',
      hash: image(1).hash,
      source: 'pep',
    });
    // The same image again changes nothing.
    expect(store.avatars.assign('a1', 'bob@x', image(1), 'pep')).toBe(false);
    expect(store.avatars.list('a2')).toEqual([
      { jid: 'carol@x', hash: image(1).hash, source: 'vcard' },
    ]);
  });

  it('a cached hash is assigned without its bytes; an unknown one is not', () => {
    const { store } = open();
    store.avatars.assign('a1', 'bob@x', image(1), 'pep');
    expect(store.avatars.assignCached('a2', 'bob@x', image(1).hash, 'pep')).toBe(true);
    expect(store.avatars.assignCached('a2', 'dan@x', image(9).hash, 'pep')).toBe(false);
    expect(store.avatars.get('a2', 'dan@x')).toBeNull();
  });

  it('deletes an old image once nobody shows it', () => {
    const { store } = open();
    store.avatars.assign('a1', 'bob@x', image(1), 'pep');
    store.avatars.assign('a2', 'bob@x', image(1), 'pep');
    store.avatars.assign('a1', 'bob@x', image(2), 'pep');
    expect(store.avatars.has(image(1).hash)).toBe(true); // a2 still shows it
    expect(store.avatars.clear('a2', 'bob@x')).toBe(true);
    expect(store.avatars.has(image(1).hash)).toBe(false);
    expect(store.avatars.has(image(2).hash)).toBe(true);
    expect(store.avatars.clear('a2', 'bob@x')).toBe(false);
  });

  it('an account removed leaves no image behind after a collection', () => {
    const { store } = open();
    store.avatars.assign('a1', 'bob@x', image(3), 'room');
    store.accounts.remove('a1');
    expect(store.avatars.collectGarbage()).toBe(1);
    expect(store.avatars.has(image(3).hash)).toBe(false);
  });

  it('refuses a type outside the bitmap list', () => {
    const { store } = open();
    const svg = { ...image(4), mime: 'image/svg+xml' as AvatarImage['mime'] };
    expect(() => store.avatars.assign('a1', 'bob@x', svg, 'pep')).toThrow();
    expect(store.avatars.has(svg.hash)).toBe(false);
  });
});

describe('the avatars migration', () => {
  it('upgrades a store written before it, whose accounts keep working', () => {
    const step = MIGRATIONS.findIndex((m) => m.name === 'avatars');
    expect(step).toBeGreaterThan(0);
    const d = tempDir();
    dispose = d.dispose;
    const path = join(d.dir, 'profile.db');
    const key = randomBytes(32);
    const db = openDatabase(path, key);
    expect(migrate(db, MIGRATIONS.slice(0, step))).toBe(step);
    db.prepare(
      `INSERT INTO accounts (id, jid, password, tls_mode, enabled, resource, presence_show,
         presence_status, created_at)
       VALUES ('a1', 'a1@x', 'pw', 'auto', 1, 'r', 'available', '', 1)`,
    ).run();
    db.close();
    const store = openStore({ path, key });
    try {
      expect(store.accounts.get('a1')).toMatchObject({ jid: 'a1@x' });
      expect(store.avatars.assign('a1', 'bob@x', image(5), 'pep')).toBe(true);
      expect(store.avatars.list('a1')).toHaveLength(1);
    } finally {
      store.close();
    }
  });
});
