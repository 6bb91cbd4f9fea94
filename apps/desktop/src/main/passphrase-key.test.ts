import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  derivePassphraseKey,
  KDF_COST,
  newKdfParams,
  newPassphraseProblem,
  readKdfParams,
  writeKdfParams,
} from './passphrase-key.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-passphrase-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('passphrase-derived store key', () => {
  it('costs at least scrypt N = 2^17, r = 8, and the salt file records it', () => {
    expect(KDF_COST.N).toBeGreaterThanOrEqual(2 ** 17);
    expect(KDF_COST.r).toBeGreaterThanOrEqual(8);
    const file = join(dir, 'cost.salt');
    writeKdfParams(file, newKdfParams());
    const params = readKdfParams(file);
    expect(params.N).toBeGreaterThanOrEqual(2 ** 17);
    expect(params.salt).toHaveLength(16);
  });

  it('derives the same 32-byte key for the same passphrase and salt, another for another', async () => {
    const file = join(dir, 'store.salt');
    writeKdfParams(file, newKdfParams());
    const params = readKdfParams(file);
    const key = await derivePassphraseKey('correct horse battery', params);
    expect(key).toHaveLength(32);
    expect((await derivePassphraseKey('correct horse battery', params)).equals(key)).toBe(true);
    expect((await derivePassphraseKey('wrong horse battery', params)).equals(key)).toBe(false);
    expect(readFileSync(file, 'utf8')).not.toContain('horse');
  });

  it('reads a salt file of the older form with the cost it was made with', () => {
    const file = join(dir, 'legacy.salt');
    writeFileSync(file, Buffer.alloc(16, 7).toString('base64'));
    expect(readKdfParams(file)).toMatchObject({ N: 2 ** 15, r: 8, p: 1 });
  });

  it('refuses a damaged or tampered salt file (no cost below the old one, none absurd)', () => {
    const file = join(dir, 'bad.salt');
    const salt = Buffer.alloc(16).toString('base64');
    for (const text of [
      'not base64 at all!!',
      '{"kdf":"scrypt"',
      JSON.stringify({ kdf: 'scrypt', salt, N: 2 ** 30, r: 8, p: 1 }),
      JSON.stringify({ kdf: 'scrypt', salt, N: 2 ** 10, r: 8, p: 1 }),
      JSON.stringify({ kdf: 'scrypt', salt, N: 100000, r: 8, p: 1 }),
      JSON.stringify({ kdf: 'pbkdf2', salt, N: 2 ** 17, r: 8, p: 1 }),
      JSON.stringify({ kdf: 'scrypt', salt: 'AAAA', N: 2 ** 17, r: 8, p: 1 }),
    ]) {
      writeFileSync(file, text);
      expect(() => readKdfParams(file), text).toThrow(/damaged/);
    }
  });

  it('refuses short passphrases and a confirmation that differs', async () => {
    await expect(derivePassphraseKey('short', newKdfParams())).rejects.toThrow(/at least 8/);
    expect(newPassphraseProblem('short', 'short')).toMatch(/at least 8/);
    expect(newPassphraseProblem('correct horse', 'correct hrose')).toMatch(/differ/);
    expect(newPassphraseProblem('correct horse', 'correct horse')).toBeNull();
  });
});
