import { mkdtempSync, rmSync, utimesSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UPLOAD_COPY_DAYS, removeOldUploadCopies } from './sources.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('removeOldUploadCopies', () => {
  it('removes copies older than the keep time and leaves newer ones and folders', async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-uploads-'));
    const old = join(dir, 'old.png');
    const fresh = join(dir, 'fresh.png');
    writeFileSync(old, 'x');
    writeFileSync(fresh, 'y');
    mkdirSync(join(dir, 'sub'));
    const day = 24 * 60 * 60;
    const now = Date.now();
    utimesSync(
      old,
      now / 1000 - (UPLOAD_COPY_DAYS + 1) * day,
      now / 1000 - (UPLOAD_COPY_DAYS + 1) * day,
    );
    expect(await removeOldUploadCopies(dir, now)).toBe(1);
    expect(existsSync(old)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
    expect(existsSync(join(dir, 'sub'))).toBe(true);
  });

  it('is quiet when nothing was ever sent from the browser host', async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-uploads-'));
    expect(await removeOldUploadCopies(join(dir, 'missing'))).toBe(0);
  });
});
