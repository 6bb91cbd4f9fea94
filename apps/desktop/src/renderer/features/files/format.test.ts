import { describe, expect, it } from 'vitest';
import {
  describeType,
  formatBytes,
  isSafePreviewUrl,
  nameFromUrl,
  percentOf,
  previewKind,
  progressText,
  transferErrorText,
} from './format';

const MB = 1024 * 1024;

describe('sizes in words', () => {
  it('writes bytes, KB, MB and GB with one decimal unless it is 0', () => {
    expect(formatBytes(0)).toBe('0 bytes');
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(900)).toBe('900 bytes');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(5 * MB)).toBe('5 MB');
    expect(formatBytes(64 * MB)).toBe('64 MB');
    // One decimal above ten too (the contract's formatBytes, shared with the backend's errors).
    expect(formatBytes(12.3 * MB)).toBe('12.3 MB');
    expect(formatBytes(2.25 * 1024 * MB)).toBe('2.3 GB');
  });

  it('reads progress as "3.2 of 10 MB · 1.1 MB/s"', () => {
    const t = { bytes: Math.ceil(3.2 * MB), size: 10 * MB, rate: 1.1 * MB };
    expect(progressText(t)).toBe('3.2 of 10 MB · 1.1 MB/s');
    expect(percentOf(t)).toBe(32);
    expect(progressText({ ...t, rate: 0 })).toBe('3.2 of 10 MB');
    expect(progressText({ bytes: 2 * MB, size: null, rate: 0 })).toBe('2 MB');
    expect(percentOf({ bytes: 5, size: null })).toBeNull();
  });
});

describe('types and previews', () => {
  it('names the type from the media type, else the extension', () => {
    expect(describeType('image/png', 'a.png')).toBe('PNG image');
    expect(describeType('application/x-tar', 'backup.tar')).toBe('TAR file');
    expect(describeType(null, 'noext')).toBe('File');
    expect(nameFromUrl('https://up.example.org/x/My%20file.pdf')).toBe('My file.pdf');
  });

  it('previews only raster images and plain videos, from data: URLs of those types', () => {
    expect(previewKind('image/webp')).toBe('image');
    expect(previewKind('video/mp4')).toBe('video');
    expect(previewKind('image/svg+xml')).toBeNull();
    expect(previewKind('text/html')).toBeNull();
    expect(isSafePreviewUrl('data:image/png;base64,AAAA')).toBe(true);
    expect(isSafePreviewUrl('data:image/svg+xml;base64,AAAA')).toBe(false);
    expect(isSafePreviewUrl('data:text/html,<script>')).toBe(false);
    expect(isSafePreviewUrl('javascript:alert(1)')).toBe(false);
    expect(isSafePreviewUrl('https://evil.example/x.png')).toBe(false);
  });

  it('explains failures in words', () => {
    expect(transferErrorText({ code: 'hash-mismatch', message: '' })).toMatch(/checksum/);
    expect(transferErrorText({ code: 'stalled', message: 'no data for 60 s' })).toBe(
      'The transfer stalled: no data arrived for a while. no data for 60 s',
    );
  });
});
