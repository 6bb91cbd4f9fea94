import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { grantsIn } from './grants-folder.js';

const GRANT = 'AbCdEfGhIjKlMnOpQrStUv_-12';
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-grants-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function put(grant: string, ...names: string[]): void {
  mkdirSync(join(dir, grant));
  for (const name of names) writeFileSync(join(dir, grant, name), 'x');
}

describe('the test host’s grants folder', () => {
  it('gives the one file under a grant, once', () => {
    put(GRANT, 'film.bin');
    const take = grantsIn(dir);
    expect(take(GRANT)).toBe(join(dir, GRANT, 'film.bin'));
    expect(take(GRANT)).toBeNull();
  });

  it('refuses unknown grants, names that are no grant, and a folder of several files', () => {
    put(GRANT, 'a.bin', 'b.bin');
    const take = grantsIn(dir);
    expect(take(GRANT)).toBeNull();
    expect(take('NoSuchGrantNoSuchGrant00')).toBeNull();
    expect(take('../../etc')).toBeNull();
  });
});
