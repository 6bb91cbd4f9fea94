import { pbkdf2Sync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_ITERATIONS, ScramClient, saslPrep, saltedPassword } from './scram.js';

describe('SCRAM', () => {
  it('matches the RFC 5802 SCRAM-SHA-1 example', async () => {
    const c = new ScramClient('sha1', 'user', 'pencil', 'fyko+d2lbbFgONRv9qkxdawL');
    expect(c.clientFirst()).toBe('n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL');
    const final = await c.clientFinal(
      'r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096',
    );
    expect(final).toBe(
      'c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=',
    );
    expect(c.verifyServerFinal('v=rmF9pqV8S7suAoZWja4dJRkFsKQ=')).toBe(true);
    expect(c.verifyServerFinal('v=AAAApqV8S7suAoZWja4dJRkFsKQ=')).toBe(false);
  });

  it('matches the RFC 7677 SCRAM-SHA-256 example', async () => {
    const c = new ScramClient('sha256', 'user', 'pencil', 'rOprNGfwEbeRWgbNEkqO');
    expect(c.clientFirst()).toBe('n,,n=user,r=rOprNGfwEbeRWgbNEkqO');
    const final = await c.clientFinal(
      'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
    );
    expect(final).toBe(
      'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
    );
    expect(c.verifyServerFinal('v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=')).toBe(true);
  });

  it('refuses a server nonce that does not extend ours, and absurd iteration counts', async () => {
    const c = new ScramClient('sha1', 'user', 'pencil', 'abc');
    await expect(c.clientFinal('r=xyz123,s=QSXCR+Q6sek8bf92,i=4096')).rejects.toThrow(/nonce/);
    await expect(
      c.clientFinal(`r=abc123,s=QSXCR+Q6sek8bf92,i=${MAX_ITERATIONS + 1}`),
    ).rejects.toThrow(/iteration/);
    await expect(c.clientFinal('r=abc123,s=QSXCR+Q6sek8bf92,i=0')).rejects.toThrow(/iteration/);
  });

  it('escapes , and = in the user name', () => {
    expect(new ScramClient('sha1', 'a,b=c', 'p', 'n').clientFirst()).toBe('n,,n=a=2Cb=3Dc,r=n');
  });

  it('reuses derived keys from the cache (reconnects skip PBKDF2)', async () => {
    const cache = new Map();
    const a = new ScramClient('sha1', 'user', 'pencil', 'fyko+d2lbbFgONRv9qkxdawL', cache);
    await a.clientFinal('r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096');
    expect(cache.size).toBe(1);
    const b = new ScramClient('sha1', 'user', 'pencil', 'fyko+d2lbbFgONRv9qkxdawL', cache);
    const final = await b.clientFinal(
      'r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096',
    );
    expect(final).toMatch(/p=v0X8v3Bz2T0CJGbJQyF0X\+HI4Ts=$/);
  });

  // Its speed (one native PBKDF2 call instead of a WebCrypto loop) is the login figure printed by
  // session-login.int.test.ts; here only the result.
  it('derives Hi() for 10,000 iterations as RFC 2898 PBKDF2 does', async () => {
    const salt = Buffer.from('saltsaltsalt');
    const expected = pbkdf2Sync('secret', salt, 10_000, 20, 'sha1');
    expect(await saltedPassword('secret', salt, 10_000, 'sha1')).toEqual(expected);
  });

  it('applies SASLprep mapping', () => {
    expect(saslPrep('I\u00ADX')).toBe('IX');
    expect(saslPrep('a\u00A0b')).toBe('a b');
    expect(saslPrep('\u2168')).toBe('IX');
  });
});
