import { describe, expect, it } from 'vitest';
import { MAX_AVATAR_BYTES } from '@parley/contract';
import { checkAvatarBase64, sha1Hex, sniffAvatarType } from './avatar-image.js';

const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const png = (extra = 16) => new Uint8Array([...PNG_SIG, ...new Array<number>(extra).fill(7)]);
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

describe('avatar bytes', () => {
  it('takes a PNG whose SHA-1 matches, typed by its bytes', () => {
    const bytes = png();
    const result = checkAvatarBase64(b64(bytes), sha1Hex(bytes));
    expect(result).toEqual({ image: { hash: sha1Hex(bytes), mime: 'image/png', data: bytes } });
  });

  it('accepts folded base64 (vCard BINVAL)', () => {
    const bytes = png(60);
    const folded = b64(bytes).replace(/(.{20})/gu, '$1\n ');
    expect(checkAvatarBase64(folded, sha1Hex(bytes))).toHaveProperty('image');
  });

  it('refuses bytes that do not match the announced hash', () => {
    expect(checkAvatarBase64(b64(png()), 'f'.repeat(40))).toEqual({
      rejected: 'image does not match its announced SHA-1',
    });
  });

  it('refuses an oversized image', () => {
    const bytes = png(MAX_AVATAR_BYTES);
    expect(checkAvatarBase64(b64(bytes), sha1Hex(bytes))).toEqual({
      rejected: 'image larger than allowed',
    });
  });

  it.each([
    ['SVG', new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>')],
    ['HTML', new TextEncoder().encode('<html><script>alert(1)</script></html>')],
    ['nothing', new Uint8Array()],
  ])('refuses %s whatever type was announced', (_what, bytes) => {
    expect(checkAvatarBase64(b64(bytes), null)).toHaveProperty('rejected');
  });

  it('refuses text that is not base64', () => {
    expect(checkAvatarBase64('iVBOR w0K<script>', null)).toEqual({
      rejected: 'image is not valid base64',
    });
  });

  it('knows the four bitmap signatures', () => {
    const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
    expect(sniffAvatarType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffAvatarType(new Uint8Array(ascii('GIF89a....')))).toBe('image/gif');
    expect(sniffAvatarType(new Uint8Array(ascii('RIFF\0\0\0\0WEBPVP8 ')))).toBe('image/webp');
    expect(sniffAvatarType(new Uint8Array(ascii('RIFF\0\0\0\0WAVE')))).toBeNull();
  });
});
