import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_PREVIEW_BYTES, PreviewRefused, previewDataUrl, sniffMediaType } from './preview.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const JPEG = Buffer.from('ffd8ffe000104a464946', 'hex');
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1');
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')]);
const MP4 = Buffer.concat([Buffer.from('00000018', 'hex'), Buffer.from('ftypisom')]);
const WEBM = Buffer.from('1a45dfa39f4286810142f7', 'hex');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-preview-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('sniffMediaType', () => {
  it.each([
    [PNG, 'image/png'],
    [JPEG, 'image/jpeg'],
    [GIF, 'image/gif'],
    [WEBP, 'image/webp'],
    [MP4, 'video/mp4'],
    [WEBM, 'video/webm'],
  ])('recognises %#', (head, type) => {
    expect(sniffMediaType(head)).toBe(type);
  });

  it.each([
    ['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'],
    ['<!doctype html><script>alert(1)</script>'],
    ['MZ\x90\x00 an executable'],
    ['%PDF-1.7'],
    [''],
    ['\x89PN'],
  ])('refuses what is not an image or video: %j', (text) => {
    expect(sniffMediaType(Buffer.from(text, 'latin1'))).toBeNull();
  });
});

describe('previewDataUrl', () => {
  it('returns a data URL typed by the content, not by the name', async () => {
    const path = join(dir, 'looks-like.txt');
    writeFileSync(path, Buffer.concat([PNG, Buffer.alloc(100)]));
    const preview = await previewDataUrl(path);
    expect(preview.mediaType).toBe('image/png');
    expect(preview.dataUrl.startsWith('data:image/png;base64,iVBORw0KGgo')).toBe(true);
  });

  it('refuses HTML named .png, files over the limit, and folders', async () => {
    const html = join(dir, 'evil.png');
    writeFileSync(html, '<html><script>alert(1)</script></html>');
    await expect(previewDataUrl(html)).rejects.toBeInstanceOf(PreviewRefused);
    const big = join(dir, 'big.png');
    writeFileSync(big, Buffer.concat([PNG, Buffer.alloc(MAX_PREVIEW_BYTES)]));
    await expect(previewDataUrl(big)).rejects.toThrow(/Too large/);
    await expect(previewDataUrl(dir)).rejects.toBeInstanceOf(Error);
  });
});
