import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, StoreKeyError } from '@parley/store';
import { derivePassphraseKey, loadOrCreateSalt } from './passphrase-key.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-passphrase-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('passphrase-derived store key', () => {
  it('derives the same 32-byte key for the same passphrase and salt, another for another', async () => {
    const salt = loadOrCreateSalt(join(dir, 'salt'));
    expect(loadOrCreateSalt(join(dir, 'salt')).equals(salt)).toBe(true);
    const key = await derivePassphraseKey('correct horse battery', salt);
    expect(key).toHaveLength(32);
    expect((await derivePassphraseKey('correct horse battery', salt)).equals(key)).toBe(true);
    expect((await derivePassphraseKey('wrong horse battery', salt)).equals(key)).toBe(false);
    expect(readFileSync(join(dir, 'salt'), 'utf8')).not.toContain('horse');
  });

  it('refuses short passphrases', async () => {
    await expect(derivePassphraseKey('short', Buffer.alloc(16))).rejects.toThrow(/at least 8/);
  });

  it('opens the encrypted store only with the right passphrase', async () => {
    const salt = loadOrCreateSalt(join(dir, 'salt'));
    const path = join(dir, 'parley.db');
    openStore({ path, key: await derivePassphraseKey('correct horse battery', salt) }).close();
    const wrong = await derivePassphraseKey('not the passphrase', salt);
    expect(() => openStore({ path, key: wrong })).toThrow(StoreKeyError);
    openStore({ path, key: await derivePassphraseKey('correct horse battery', salt) }).close();
  });
});
