import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileGrant } from '@parley/contract';
import { afterEach, describe, expect, it } from 'vitest';
import { FileGrants, grantPicked } from './file-grants.js';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

describe('FileGrants', () => {
  it('hands out opaque tokens the contract accepts, each resolving once', () => {
    const grants = new FileGrants();
    const token = grants.grant('/home/me/photo.jpg')!;
    expect(fileGrant.safeParse(token).success).toBe(true);
    expect(token).not.toContain('photo');
    expect(grants.grant('/home/me/photo.jpg')).not.toBe(token);
    expect(grants.take(token)).toBe('/home/me/photo.jpg');
    expect(grants.take(token)).toBeNull();
    expect(grants.take('A'.repeat(32))).toBeNull();
    expect(grants.take(42)).toBeNull();
  });

  it('refuses to grant what is not an absolute path', () => {
    const grants = new FileGrants();
    for (const bad of ['', 'relative/file', '/a\0b', 'x'.repeat(5000), 7, null]) {
      expect(grants.grant(bad)).toBeNull();
    }
    expect(grants.size).toBe(0);
  });

  it('expires grants, and keeps at most `max`, oldest out first', () => {
    let now = 1_000;
    const grants = new FileGrants(60_000, 3, () => now);
    const old = grants.grant('/a')!;
    now += 60_000;
    expect(grants.take(old)).toBeNull();
    const tokens = ['/1', '/2', '/3', '/4'].map((p) => grants.grant(p)!);
    expect(grants.size).toBe(3);
    expect(grants.take(tokens[0])).toBeNull();
    expect(grants.take(tokens[3])).toBe('/4');
    grants.clear();
    expect(grants.take(tokens[1])).toBeNull();
  });

  it('grants what the open dialog picked: regular files with name and size only', async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-grants-'));
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'hello');
    mkdirSync(join(dir, 'folder'));
    const grants = new FileGrants();
    const picked = await grantPicked([file, join(dir, 'folder'), join(dir, 'gone.txt')], grants);
    expect(picked).toEqual([{ grant: expect.any(String), name: 'notes.txt', size: 5 }]);
    expect(grants.take(picked[0]!.grant)).toBe(file);
  });
});
