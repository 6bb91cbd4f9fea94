import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { signReleaseMetadata } from '../sign-update.js';
import {
  publicKeyOf,
  verifyUpdateSignature,
} from '../../apps/desktop/src/main/auto-update-signature.js';

const secret = '42'.repeat(32);
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

// As electron-builder writes it for a universal mac build.
const latestMac = `version: 0.2.0
files:
  - url: Parley-0.2.0-universal-mac.zip
    sha512: bWFjLXppcA==
    size: 100
  - url: Parley-0.2.0-universal.dmg
    sha512: bWFjLWRtZw==
    size: 200
path: Parley-0.2.0-universal-mac.zip
sha512: bWFjLXppcA==
releaseDate: '2026-12-05T10:00:00.000Z'
`;

describe('signing the release metadata', () => {
  it('writes a .sig beside each latest*.yml that the app verifies against its built-in key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-sign-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'latest-mac.yml'), latestMac);
    writeFileSync(join(dir, 'builder-debug.yml'), 'x: 1\n');
    const written = signReleaseMetadata(dir, secret);
    expect(written).toEqual([join(dir, 'latest-mac.yml.sig')]);
    const signature = readFileSync(written[0]!, 'utf8');
    const info = {
      version: '0.2.0',
      files: [
        { url: 'Parley-0.2.0-universal.dmg', sha512: 'bWFjLWRtZw==', size: 200 },
        { url: 'Parley-0.2.0-universal-mac.zip', sha512: 'bWFjLXppcA==', size: 100 },
      ],
    };
    expect(verifyUpdateSignature(info, signature, publicKeyOf(secret))).toBe(true);
    const swapped = { ...info, files: [{ ...info.files[0]!, sha512: 'ZXZpbA==' }, info.files[1]!] };
    expect(verifyUpdateSignature(swapped, signature, publicKeyOf(secret))).toBe(false);
  });

  it('refuses metadata with nothing to sign', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-sign-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'latest.yml'), 'version: 0.2.0\nfiles: []\n');
    expect(() => signReleaseMetadata(dir, secret)).toThrow(/lists no files/);
  });
});
