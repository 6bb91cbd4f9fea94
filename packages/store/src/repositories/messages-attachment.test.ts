import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../database.js';
import { openStore } from '../store.js';
import { newAccount, openTempStore, type TempStore } from '../test-support.js';

let t: TempStore;
beforeEach(() => {
  t = openTempStore();
  t.store.accounts.insert(newAccount('a1'));
});
afterEach(() => t.dispose());

const base = {
  accountId: 'a1',
  peer: 'bob@x',
  direction: 'in',
  body: 'https://upload.x/a/b.png',
  timestamp: 1000,
  status: 'received',
} as const;

describe('message attachments', () => {
  it('round-trips an attachment with every field, nulls included', () => {
    const full = {
      url: 'https://upload.x/a/b.png',
      name: 'b ü 🎉.png',
      size: 4096,
      mediaType: 'image/png',
      sha256: 'n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=',
    };
    const { message } = t.store.messages.insert({ ...base, attachment: full });
    expect(message.attachment).toEqual(full);
    expect(t.store.messages.get('a1', message.id)?.attachment).toEqual(full);

    const sparse = { url: 'https://x/y', name: '', size: null, mediaType: null, sha256: null };
    const other = t.store.messages.insert({ ...base, attachment: sparse }).message;
    expect(t.store.messages.get('a1', other.id)?.attachment).toEqual(sparse);
  });

  it('keeps an encrypted file key (XEP-0454) in the store, never in a Message', () => {
    const secret = 'ab'.repeat(12) + 'cd'.repeat(32);
    const shown = {
      url: 'https://upload.x/s/c.jpg',
      name: 'c.jpg',
      size: null,
      mediaType: 'image/jpeg',
      sha256: null,
      encrypted: true as const,
    };
    const { message } = t.store.messages.insert({
      ...base,
      attachment: { ...shown, aesgcmSecret: secret },
    });
    expect(message.attachment).toEqual(shown);
    expect(t.store.messages.get('a1', message.id)?.attachment).toEqual(shown);
    const page = t.store.messages.page('a1', 'bob@x', { beforeId: null, limit: 10 });
    expect(JSON.stringify(page)).not.toContain(secret);
    expect(t.store.messages.attachmentSecret('a1', message.id)).toBe(secret);
    const plain = t.store.messages.insert({ ...base, body: 'hi', timestamp: 3 }).message;
    expect(t.store.messages.attachmentSecret('a1', plain.id)).toBeNull();
    expect(t.store.messages.attachmentSecret('a1', 'nope')).toBeNull();
  });

  it('defaults to no attachment, and pages carry it', () => {
    const plain = t.store.messages.insert({ ...base, body: 'hi', timestamp: 1 }).message;
    expect(t.store.messages.get('a1', plain.id)?.attachment).toBeNull();
    const file = { url: 'https://x/f', name: 'f', size: 1, mediaType: null, sha256: null };
    t.store.messages.insert({ ...base, timestamp: 2, attachment: file });
    const page = t.store.messages.page('a1', 'bob@x', { beforeId: null, limit: 10 });
    expect(page.messages.map((m) => m.attachment)).toEqual([null, file]);
  });

  it('reads a damaged attachment column as none rather than failing the page', () => {
    const { message } = t.store.messages.insert({ ...base });
    t.store.close();
    // A raw write, as a corrupted or foreign row would look.
    const db = openDatabase(t.path, t.key);
    db.prepare('UPDATE messages SET attachment_json = ? WHERE id = ?').run('{not json', message.id);
    db.close();
    const store = openStore({ path: t.path, key: t.key });
    try {
      expect(store.messages.get('a1', message.id)?.attachment).toBeNull();
    } finally {
      store.close();
    }
  });
});
