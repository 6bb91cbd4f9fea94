import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  claimUniquePath,
  numbered,
  partName,
  removeStaleParts,
  safeDiskName,
} from './file-names.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-names-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('safeDiskName', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\Windows\\system32\\drivers\\etc\\hosts', 'hosts'],
    ['/absolute/path.txt', 'path.txt'],
    ['C:\\Users\\x\\evil.bat', 'evil.bat'],
    ['.', 'file'],
    ['..', 'file'],
    ['...', 'file'],
    ['', 'file'],
    ['/', 'file'],
    ['.bashrc', 'bashrc'],
    ['name. . .', 'name'],
    ['CON.txt', '_CON.txt'],
    ['con', '_con'],
    ['nul.tar.gz', '_nul.tar.gz'],
    ['COM1', '_COM1'],
    ['lpt9.doc', '_lpt9.doc'],
    ['CONSOLE.txt', 'CONSOLE.txt'],
    ['a\u202Eexe.txt', 'aexe.txt'],
    ['photo\u200B.png', 'photo.png'],
    ['nul\u0000byte.txt', 'nulbyte.txt'],
    ['line\nbreak\r.txt', 'linebreak.txt'],
    ['bell\u0007\u001b[31m.txt', 'bell[31m.txt'],
    ['what?<is>:this|"*.txt', 'what__is__this___.txt'],
    ['e\u0301t\u00e9.txt', '\u00e9t\u00e9.txt'],
  ])('%j → %j', (hostile, safe) => {
    expect(safeDiskName(hostile)).toBe(safe);
  });

  it('bounds a 10 KB name to a file system component, keeping the extension', () => {
    const name = safeDiskName(`${'a'.repeat(10_000)}.jpeg`);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(200);
    expect(name.endsWith('.jpeg')).toBe(true);
    // With multibyte characters too: never half a character.
    const emoji = safeDiskName(`${'😀'.repeat(5_000)}.png`);
    expect(Buffer.byteLength(emoji)).toBeLessThanOrEqual(200);
    expect(emoji).toMatch(/^(😀)+\.png$/u);
    // Room remains for the temp name around it.
    expect(Buffer.byteLength(partName(emoji))).toBeLessThanOrEqual(255);
  });

  it('never yields a separator, a control character or a hidden name', () => {
    const nasty = ['a/b', 'a\\b', '\u0000', '.\u202E.', ' . ', '\t.hidden', 'x\u2028y'];
    for (const raw of nasty) {
      const name = safeDiskName(raw);
      // eslint-disable-next-line no-control-regex
      expect(name).not.toMatch(/[/\\\u0000-\u001f\u2028\u202e]/);
      expect(name.startsWith('.')).toBe(false);
      expect(name.length).toBeGreaterThan(0);
    }
  });
});

describe('claimUniquePath', () => {
  it('adds " (n)" before the extension instead of overwriting', async () => {
    writeFileSync(join(dir, 'photo.png'), 'existing');
    const first = await claimUniquePath(dir, 'photo.png');
    expect(basename(first)).toBe('photo (1).png');
    const second = await claimUniquePath(dir, 'photo.png');
    expect(basename(second)).toBe('photo (2).png');
    expect(dirname(second)).toBe(dir);
    const noExt = await claimUniquePath(dir, 'README');
    expect(basename(noExt)).toBe('README');
    expect(basename(await claimUniquePath(dir, 'README'))).toBe('README (1)');
    expect(numbered('a.tar.gz', 3)).toBe('a.tar (3).gz');
  });

  it('gives two claims at the same moment two names', async () => {
    const paths = await Promise.all(Array.from({ length: 8 }, () => claimUniquePath(dir, 'x.txt')));
    expect(new Set(paths).size).toBe(8);
  });
});

describe('removeStaleParts', () => {
  it('removes old temp files only, and nothing else', async () => {
    const old = join(dir, '.a.png.1234abcd.parley-part');
    const fresh = join(dir, '.b.png.5678abcd.parley-part');
    const other = join(dir, 'keep.parley-part');
    for (const p of [old, fresh, other]) writeFileSync(p, 'x');
    const twoHoursAgo = Date.now() / 1000 - 7200;
    utimesSync(old, twoHoursAgo, twoHoursAgo);
    utimesSync(other, twoHoursAgo, twoHoursAgo);
    await removeStaleParts(dir);
    expect(readdirSync(dir).sort()).toEqual(['.b.png.5678abcd.parley-part', 'keep.parley-part']);
    await removeStaleParts(join(dir, 'missing')); // No folder: no error.
  });
});
