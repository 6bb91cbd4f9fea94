import { randomBytes } from 'node:crypto';
import { open, readdir, rm, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { sanitizeFileName as protocolSafeName } from '@parley/xmpp';

/*
 * A sender chooses the file name; we choose where it lands. Hostile names are the classic
 * hole here (Dino CVE-2021-33896: path traversal), so the name is reduced to one harmless path
 * component on every platform Parley runs on, and never replaces a file already there.
 */

/** Room for " (123)" and the temp prefix/suffix within the usual 255-byte name limit. */
const MAX_NAME_BYTES = 200;
const FALLBACK = 'file';
/** Windows device names, reserved with any extension and in any case (CON.txt is CON). */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;
/** Characters Windows refuses in names (separators, controls and bidi are gone already). */
const FORBIDDEN = /[<>:"|?*]/g;

/**
 * One safe path component for `name`, never empty. The protocol layer's sanitizeFileName
 * (last segment only, no control/bidi/zero-width characters, NFC, bounded with the extension
 * kept) makes it safe to show; saving needs more: no hidden or dot-only names, no characters
 * or device names that Windows refuses or maps to devices.
 */
export function safeDiskName(name: string): string {
  let base = protocolSafeName(name, MAX_NAME_BYTES) ?? FALLBACK;
  // Leading dots hide a file (and make "." and ".."); trailing dots and spaces vanish on Windows.
  base = base
    .replace(FORBIDDEN, '_')
    .replace(/^[\s.]+/, '')
    .replace(/[\s.]+$/, '');
  if (base === '') return FALLBACK;
  // "CON.txt" and "con.tar.gz" name the console device on Windows: prefix them.
  const device = (base.split('.')[0] ?? '').trim();
  return RESERVED.test(device) ? `_${base}` : base;
}

/** "name (n).ext" for the n-th alternative. */
export function numbered(name: string, n: number): string {
  if (n === 0) return name;
  const ext = extname(name);
  const stem = ext === name ? name : name.slice(0, name.length - ext.length);
  return `${stem} (${n})${ext}`;
}

/**
 * Claims a file name in `dir` for `safeName` that nothing else has: it is created empty and
 * exclusively ('wx'), so a second download of "a.png" gets "a (1).png" and no existing file is
 * ever replaced, even by two downloads finishing at once.
 */
export async function claimUniquePath(dir: string, safeName: string): Promise<string> {
  for (let n = 0; n < 1000; n++) {
    const candidate = join(dir, numbered(safeName, n));
    try {
      const handle = await open(candidate, 'wx');
      await handle.close();
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  // A thousand namesakes: give up on pretty and take a random one.
  const random = numbered(safeName, Number.parseInt(randomBytes(4).toString('hex'), 16));
  const candidate = join(dir, random);
  const handle = await open(candidate, 'wx');
  await handle.close();
  return candidate;
}

/** The hidden temp name a download grows under until it is complete and checked. */
export function partName(safeName: string): string {
  return `.${safeName}.${randomBytes(4).toString('hex')}.parley-part`;
}

export const PART_SUFFIX = '.parley-part';

/** A temp file untouched this long belongs to no running download (of any Parley profile). */
const STALE_PART_MS = 60 * 60 * 1000;

/** Removes the temp files of downloads that were cut off by a crash or a kill. */
export async function removeStaleParts(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return; // No download folder yet: nothing left behind.
  }
  const now = Date.now();
  for (const name of names) {
    if (!name.startsWith('.') || !name.endsWith(PART_SUFFIX)) continue;
    const path = join(dir, name);
    try {
      const info = await stat(path);
      if (info.isFile() && now - info.mtimeMs > STALE_PART_MS) await rm(path, { force: true });
    } catch {
      // Gone already, or not ours to remove.
    }
  }
}
