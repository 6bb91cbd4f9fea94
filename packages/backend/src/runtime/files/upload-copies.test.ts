import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveSource } from './sources.js';
import { UPLOAD_COPY_DAYS, removeOldUploadCopies } from './upload-copies.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const day = 24 * 60 * 60 * 1000;
const age = (path: string, now: number, days: number) => {
  const at = (now - days * day) / 1000;
  utimesSync(path, at, at);
};
const bytes = (name: string, text: string) => ({
  name,
  mediaType: 'text/plain',
  base64: Buffer.from(text).toString('base64'),
});
const noGrants = { uploadDir: '', takeFileGrant: null };

describe('removeOldUploadCopies', () => {
  it('removes the folder of a copy older than the keep time, as the host writes them', async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-uploads-'));
    const config = { ...noGrants, uploadDir: dir };
    const old = await resolveSource(bytes('old.txt', 'x'), config);
    const fresh = await resolveSource(bytes('fresh.txt', 'y'), config);
    const now = Date.now();
    age(old.path, now, UPLOAD_COPY_DAYS + 1);
    age(dirname(old.path), now, UPLOAD_COPY_DAYS + 1);
    age(dirname(fresh.path), now, UPLOAD_COPY_DAYS + 1); // Only its folder is old: kept.
    expect(await removeOldUploadCopies(dir, now)).toBe(1);
    expect(existsSync(dirname(old.path))).toBe(false);
    expect(existsSync(fresh.path)).toBe(true);
  });

  it('removes an old stray file too, and leaves newer ones', async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-uploads-'));
    const old = join(dir, 'old.png');
    const fresh = join(dir, 'fresh.png');
    writeFileSync(old, 'x');
    writeFileSync(fresh, 'y');
    mkdirSync(join(dir, 'empty-new'));
    const now = Date.now();
    age(old, now, UPLOAD_COPY_DAYS + 1);
    expect(await removeOldUploadCopies(dir, now)).toBe(1);
    expect(existsSync(old)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
    expect(existsSync(join(dir, 'empty-new'))).toBe(true);
  });

  it('is quiet when nothing was ever sent from the browser host', async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-uploads-'));
    expect(await removeOldUploadCopies(join(dir, 'missing'))).toBe(0);
  });
});
