import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../database.js';
import { openStore } from '../store.js';
import { tempDir } from '../test-support.js';
import { MIGRATIONS, migrate } from './index.js';

let dispose: () => void = () => {};
afterEach(() => dispose());

// By name, not number: the step may be renumbered when branches meet.
const OMEMO_STEP = MIGRATIONS.findIndex((m) => m.name === 'omemo');

describe('the OMEMO migration', () => {
  it('upgrades a store holding accounts and messages, which read as before', () => {
    expect(OMEMO_STEP).toBeGreaterThan(0);
    const d = tempDir();
    dispose = d.dispose;
    const path = join(d.dir, 'profile.db');
    const key = randomBytes(32);
    const db = openDatabase(path, key);
    expect(migrate(db, MIGRATIONS.slice(0, OMEMO_STEP))).toBe(OMEMO_STEP);
    db.prepare(
      `INSERT INTO accounts (id, jid, password, tls_mode, enabled, resource, presence_show,
         presence_status, created_at)
       VALUES ('a1', 'a1@x', 'pw', 'auto', 1, 'r', 'available', '', 1)`,
    ).run();
    db.prepare(
      `INSERT INTO messages (id, account_id, peer, direction, body, timestamp, status,
         from_other_device) VALUES ('m1', 'a1', 'bob@x', 'in', 'hello', 5, 'received', 0)`,
    ).run();
    db.close();

    const store = openStore({ path, key });
    try {
      const old = store.messages.get('a1', 'm1');
      expect(old).toMatchObject({ id: 'm1', body: 'hello' });
      // A plaintext message has no OMEMO fields at all, not nulls.
      expect(old).not.toHaveProperty('encryption');
      expect(old).not.toHaveProperty('decryptError');
      // The new tables work on the upgraded file, tied to the old account.
      store.omemoIdentity.create('a1', { deviceId: 7, seed: new Uint8Array(32).fill(1) }, 10);
      store.omemoConversations.set('a1', 'bob@x', 'omemo', 10);
      const encrypted = store.messages.insert({
        accountId: 'a1',
        peer: 'bob@x',
        direction: 'in',
        body: 'secret',
        timestamp: 11,
        status: 'received',
        encryption: 'omemo',
        senderDevice: 99,
        trust: 'blind',
      });
      expect(store.messages.get('a1', encrypted.message.id)).toMatchObject({
        encryption: 'omemo',
        senderDevice: 99,
        trust: 'blind',
      });
    } finally {
      store.close();
    }
  });
});
