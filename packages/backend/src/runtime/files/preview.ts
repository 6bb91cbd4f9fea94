import { open } from 'node:fs/promises';

/** Larger files are not inlined as data: URLs (they would sit in the renderer's memory). */
export const MAX_PREVIEW_BYTES = 10 * 1024 * 1024;

/**
 * The media type the content's first bytes prove, or null. The announced type is the sender's
 * claim; a preview shows only what the bytes themselves say is an image or a video, so an
 * HTML or SVG file (script) can never be inlined as "image/png".
 */
export function sniffMediaType(head: Buffer): string | null {
  const at = (offset: number, bytes: number[]) =>
    head.length >= offset + bytes.length && bytes.every((b, i) => head[offset + i] === b);
  const ascii = (offset: number, text: string) =>
    at(
      offset,
      [...text].map((c) => c.charCodeAt(0)),
    );
  if (at(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (at(0, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (ascii(0, 'GIF87a') || ascii(0, 'GIF89a')) return 'image/gif';
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'image/webp';
  if (at(0, [0x1a, 0x45, 0xdf, 0xa3])) return 'video/webm';
  // ISO base media (MP4, MOV): a 'ftyp' box first; HEIC images also start so, not previewed.
  if (ascii(4, 'ftyp')) {
    const brand = head.subarray(8, 12).toString('latin1');
    if (/^(isom|iso2|mp41|mp42|avc1|dash|M4V )$/.test(brand)) return 'video/mp4';
    if (brand === 'qt  ') return 'video/quicktime';
  }
  return null;
}

export class PreviewRefused extends Error {}

/** The file as a data: URL when it is a small image or video by its content; throws otherwise. */
export async function previewDataUrl(
  path: string,
): Promise<{ mediaType: string; dataUrl: string }> {
  const handle = await open(path, 'r');
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new PreviewRefused('Not a file');
    if (stat.size > MAX_PREVIEW_BYTES) throw new PreviewRefused('Too large to preview');
    // Read through the open handle: what was checked is what is sent.
    const content = await handle.readFile();
    if (content.length > MAX_PREVIEW_BYTES) throw new PreviewRefused('Too large to preview');
    const mediaType = sniffMediaType(content.subarray(0, 32));
    if (!mediaType) throw new PreviewRefused('Not an image or video Parley can preview');
    return { mediaType, dataUrl: `data:${mediaType};base64,${content.toString('base64')}` };
  } finally {
    await handle.close();
  }
}
