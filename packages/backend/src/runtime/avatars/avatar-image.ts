// The checks every avatar passes before it is stored or shown, wherever it came from (a PEP
// data item, a vCard PHOTO, the user's own file): base64 that decodes cleanly, a size bound,
// the SHA-1 the sender announced, and bytes that really are one of the accepted bitmap types
// (the type is read from the bytes, never taken from the sender's word).
import { createHash } from 'node:crypto';
import { MAX_AVATAR_BYTES } from '@parley/contract';
import type { AvatarImage, AvatarMime } from '@parley/store';

export type AvatarCheck = { image: AvatarImage } | { rejected: string };

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/u;

/** Strict base64 (line breaks and spaces allowed, as vCards fold BINVAL); null when not. */
export function decodeBase64(text: string): Uint8Array | null {
  const compact = text.replace(/\s+/gu, '');
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) return null;
  return new Uint8Array(Buffer.from(compact, 'base64'));
}

export function sha1Hex(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  return prefix.every((b, i) => bytes[at + i] === b);
}

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** The accepted type the bytes are, by their signature; null for anything else (SVG, HTML…). */
export function sniffAvatarType(bytes: Uint8Array): AvatarMime | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  return null;
}

/** Bytes we may keep: within the bound and of an accepted type. */
export function checkAvatarBytes(bytes: Uint8Array, expectedHash: string | null): AvatarCheck {
  if (bytes.length === 0) return { rejected: 'empty image' };
  if (bytes.length > MAX_AVATAR_BYTES) return { rejected: 'image larger than allowed' };
  const mime = sniffAvatarType(bytes);
  if (!mime) return { rejected: 'not a PNG, JPEG, WebP or GIF image' };
  const hash = sha1Hex(bytes);
  if (expectedHash !== null && hash !== expectedHash) {
    return { rejected: 'image does not match its announced SHA-1' };
  }
  return { image: { hash, mime, data: bytes } };
}

/** A base64 image from the network, checked against the hash it was announced under. */
export function checkAvatarBase64(base64: string, expectedHash: string | null): AvatarCheck {
  // Refused before decoding: base64 is 4/3 of the bytes (plus folding whitespace).
  if (base64.length > Math.ceil(MAX_AVATAR_BYTES / 3) * 4 * 1.1) {
    return { rejected: 'image larger than allowed' };
  }
  const bytes = decodeBase64(base64);
  if (!bytes) return { rejected: 'image is not valid base64' };
  return checkAvatarBytes(bytes, expectedHash);
}
