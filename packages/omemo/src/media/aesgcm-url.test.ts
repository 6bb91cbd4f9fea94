import { describe, expect, it } from 'vitest';
import {
  AesgcmUrlError,
  buildAesgcmUrl,
  looksLikeAesgcmUrl,
  parseAesgcmUrl,
} from './aesgcm-url.js';

const IV12 = '0123456789abcdef01234567';
const IV16 = '0123456789abcdef0123456789abcdef';
const KEY = 'ff'.repeat(16) + '00'.repeat(16);

describe('aesgcm:// URLs (XEP-0454)', () => {
  it('splits a 12-byte-IV URL into the https location, IV and key', () => {
    const link = parseAesgcmUrl(`aesgcm://upload.example/a/b%20c.jpg?x=1#${IV12}${KEY}`);
    expect(link.httpsUrl).toBe('https://upload.example/a/b%20c.jpg?x=1');
    expect(link.iv.toString('hex')).toBe(IV12);
    expect(link.key.toString('hex')).toBe(KEY);
  });

  it('accepts the 16-byte IV older Conversations sent, and upper-case hex', () => {
    const link = parseAesgcmUrl(`  AESGCM://h.example:8443/f#${IV16.toUpperCase()}${KEY}\n`);
    expect(link.httpsUrl).toBe('https://h.example:8443/f');
    expect(link.iv).toHaveLength(16);
    expect(link.key).toHaveLength(32);
  });

  it.each([
    ['no fragment', 'aesgcm://h.example/f'],
    ['bad hex', `aesgcm://h.example/f#${IV12.slice(0, -1)}g${KEY}`],
    ['a short key', `aesgcm://h.example/f#${IV12}${KEY.slice(2)}`],
    ['a 13-byte IV', `aesgcm://h.example/f#${IV12}aa${KEY}`],
    ['an 8-byte IV', `aesgcm://h.example/f#${IV12.slice(8)}${KEY}`],
    ['another scheme', `https://h.example/f#${IV12}${KEY}`],
    ['credentials', `aesgcm://bank.example@evil.example/f#${IV12}${KEY}`],
    ['no host', `aesgcm:///f#${IV12}${KEY}`],
  ])('refuses %s with a clear error', (_what, text) => {
    expect(() => parseAesgcmUrl(text)).toThrow(AesgcmUrlError);
  });

  it('says how many hex digits a wrong fragment has', () => {
    expect(() => parseAesgcmUrl(`aesgcm://h.example/f#${IV12}aa${KEY}`)).toThrow(/90 hex digits/);
  });

  it('builds the URL with a 12-byte IV, and parses back to the same parts', () => {
    const iv = Buffer.from(IV12, 'hex');
    const key = Buffer.from(KEY, 'hex');
    const url = buildAesgcmUrl('https://upload.example/slot/abc/photo.jpg', iv, key);
    expect(url).toBe(`aesgcm://upload.example/slot/abc/photo.jpg#${IV12}${KEY}`);
    expect(url.split('#')[1]).toHaveLength(88);
    const back = parseAesgcmUrl(url);
    expect(back.httpsUrl).toBe('https://upload.example/slot/abc/photo.jpg');
    expect(back.iv.equals(iv) && back.key.equals(key)).toBe(true);
  });

  it('refuses to build from a non-http URL, a fragment, or wrong sizes', () => {
    const iv = Buffer.alloc(12);
    const key = Buffer.alloc(32);
    expect(() => buildAesgcmUrl('ftp://h.example/f', iv, key)).toThrow(AesgcmUrlError);
    expect(() => buildAesgcmUrl('https://h.example/f#x', iv, key)).toThrow(AesgcmUrlError);
    expect(() => buildAesgcmUrl('https://h.example/f', Buffer.alloc(8), key)).toThrow(/8 bytes/);
    expect(() => buildAesgcmUrl('https://h.example/f', iv, Buffer.alloc(16))).toThrow(/16 bytes/);
  });

  it('recognises the scheme only at the start', () => {
    expect(looksLikeAesgcmUrl(' aesgcm://x')).toBe(true);
    expect(looksLikeAesgcmUrl('see aesgcm://x')).toBe(false);
  });
});
