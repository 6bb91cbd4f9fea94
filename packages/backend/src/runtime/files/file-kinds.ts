import { extname } from 'node:path';
import { openableKind, type FileKind } from '@parley/contract';
import { sniffMediaType } from './preview.js';

export type { FileKind };

/*
 * What a received file is, judged by what we can check: its name's extension (which decides
 * what the system does with it) and its first bytes (which say what it really is). The sender's
 * announced media type decides nothing here.
 */

/** How many leading bytes the checks below look at. */
export const HEAD_BYTES = 4096;

/** Extensions fetched without a click: the image and video types a preview can verify. */
const AUTO_DOWNLOADABLE: Readonly<Record<string, 'image' | 'video'>> = {
  '.png': 'image',
  '.jpg': 'image',
  '.jpeg': 'image',
  '.gif': 'image',
  '.webp': 'image',
  '.mp4': 'video',
  '.m4v': 'video',
  '.mov': 'video',
  '.webm': 'video',
};

const ascii = (head: Buffer, offset: number, text: string) =>
  head.length >= offset + text.length &&
  head.subarray(offset, offset + text.length).toString('latin1') === text;

/** The kind the content's first bytes prove, or null when they prove none. */
export function sniffKind(head: Buffer): FileKind | null {
  const media = sniffMediaType(head);
  if (media) return media.startsWith('image/') ? 'image' : 'video';
  if (ascii(head, 0, '%PDF-')) return 'pdf';
  if (ascii(head, 0, 'BM') && head.length >= 14) return 'image';
  if (ascii(head, 0, 'II*\0') || ascii(head, 0, 'MM\0*')) return 'image';
  if (ascii(head, 4, 'ftyp')) {
    const brand = head.subarray(8, 12).toString('latin1');
    if (/^(avif|avis|heic|heix|mif1|msf1)$/.test(brand)) return 'image';
    if (/^(M4A |M4B |F4A )$/.test(brand)) return 'audio';
  }
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WAVE')) return 'audio';
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'AVI ')) return 'video';
  if (ascii(head, 0, 'OggS') || ascii(head, 0, 'fLaC') || ascii(head, 0, 'ID3')) return 'audio';
  // An MPEG audio or AAC (ADTS) frame: 11 (MP3) or 12 (AAC) sync bits.
  if (head.length >= 2 && head[0] === 0xff && ((head[1] ?? 0) & 0xe0) === 0xe0) return 'audio';
  if (isPlainText(head)) return 'text';
  return null;
}

/** UTF-8 without NUL or other control characters than tab, line feed, carriage return, form feed. */
function isPlainText(head: Buffer): boolean {
  if (head.length === 0) return false;
  // A multibyte character cut by the end of the head is not a reason to refuse.
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, safeEnd(head)));
  } catch {
    return false;
  }
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
}

/** The end of `head` without a trailing incomplete UTF-8 sequence. */
function safeEnd(head: Buffer): number {
  for (let back = 1; back <= 3 && back <= head.length; back++) {
    const byte = head[head.length - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: look further back
    if (byte >= 0xc0) {
      const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return need > back ? head.length - back : head.length;
    }
    return head.length;
  }
  return head.length;
}

/** Media containers (mp4, ogg, webm) hold sound or pictures: either proves the other. */
function sameKind(expected: FileKind, found: FileKind | null): boolean {
  if (found === expected) return true;
  const av = (k: FileKind | null) => k === 'audio' || k === 'video';
  return av(expected) && av(found);
}

/**
 * Whether a downloaded file may be opened with the system's handler: its extension is on the
 * allowlist and its content is what that extension says. Otherwise it is revealed in its folder,
 * where the user can still open it on purpose.
 */
export function openDirectly(name: string, head: Buffer): boolean {
  const expected = openableKind(name);
  return expected !== null && sameKind(expected, sniffKind(head));
}

/** The kind an automatic download must prove by its content, or null: never automatic. */
export function autoDownloadKind(name: string): 'image' | 'video' | null {
  return AUTO_DOWNLOADABLE[extname(name).toLowerCase()] ?? null;
}

/** Whether a file's first bytes are the image or video its name promised. */
export function headMatches(kind: 'image' | 'video', head: Buffer): boolean {
  const media = sniffMediaType(head);
  return media !== null && media.startsWith(`${kind}/`);
}
