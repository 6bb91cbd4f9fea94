import {
  byteUnit,
  formatAmount,
  formatBytes,
  type Transfer,
  type TransferErrorCode,
} from '@parley/contract';

/** Sizes in words: one wording with the backend's messages (contract format-bytes.ts). */
export { formatBytes };

/** Whole percent moved, or null when the size is not known. */
export function percentOf(transfer: Pick<Transfer, 'bytes' | 'size'>): number | null {
  const { bytes, size } = transfer;
  if (size === null) return null;
  if (size === 0) return 100;
  // Floor (100% only when all is there), forgiving float noise: 3.2 of 10 MB is 32%.
  return Math.max(0, Math.min(100, Math.floor((bytes / size) * 100 + 1e-6)));
}

/** "3.2 of 10 MB · 1.1 MB/s" (the rate only while it moves). */
export function progressText(transfer: Pick<Transfer, 'bytes' | 'size' | 'rate'>): string {
  const { bytes, size, rate } = transfer;
  const moved =
    size === null
      ? formatBytes(bytes)
      : `${formatAmount(bytes, byteUnit(size))} of ${formatBytes(size)}`;
  return rate > 0 ? `${moved} · ${formatBytes(rate)}/s` : moved;
}

const TYPE_WORDS: Record<string, string> = {
  'image/png': 'PNG image',
  'image/jpeg': 'JPEG image',
  'image/gif': 'GIF image',
  'image/webp': 'WebP image',
  'image/svg+xml': 'SVG image',
  'video/mp4': 'MP4 video',
  'video/webm': 'WebM video',
  'video/quicktime': 'QuickTime video',
  'audio/mpeg': 'MP3 audio',
  'audio/ogg': 'Ogg audio',
  'application/pdf': 'PDF document',
  'application/zip': 'ZIP archive',
  'text/plain': 'Text file',
};

/** What kind of file, in words: from the media type, else the name's extension. */
export function describeType(mediaType: string | null, name: string): string {
  const type = mediaType?.split(';')[0]?.trim().toLowerCase() ?? '';
  const known = TYPE_WORDS[type];
  if (known) return known;
  if (type.startsWith('image/')) return 'Image';
  if (type.startsWith('video/')) return 'Video';
  if (type.startsWith('audio/')) return 'Audio';
  const ext = /\.([a-z0-9]{1,8})$/i.exec(name)?.[1];
  return ext ? `${ext.toUpperCase()} file` : 'File';
}

/** The last path segment of a URL, decoded, as a fallback name. */
export function nameFromUrl(url: string): string {
  try {
    const segment = new URL(url).pathname.split('/').filter(Boolean).pop();
    return segment ? decodeURIComponent(segment) : 'file';
  } catch {
    return 'file';
  }
}

export type PreviewKind = 'image' | 'video';

const PREVIEW_TYPES: Record<string, PreviewKind> = {
  'image/png': 'image',
  'image/jpeg': 'image',
  'image/gif': 'image',
  'image/webp': 'image',
  'video/mp4': 'video',
  'video/webm': 'video',
};

/** Only these are shown inline (never SVG or anything that could carry script). */
export function previewKind(mediaType: string | null): PreviewKind | null {
  const type = mediaType?.split(';')[0]?.trim().toLowerCase() ?? '';
  return PREVIEW_TYPES[type] ?? null;
}

/** A data: URL of an allowed preview type: what files.preview must return to be shown. */
export function isSafePreviewUrl(url: string): boolean {
  const match = /^data:([a-z0-9.+/-]+)[;,]/i.exec(url);
  return match !== null && previewKind(match[1] ?? null) !== null;
}

const ERROR_WORDS: Record<TransferErrorCode, string> = {
  'too-large': 'The file is larger than the server accepts.',
  'no-upload-service': 'Your server offers no file upload.',
  'slot-refused': 'The server refused to take this file.',
  'insecure-url': 'The link is not secure (not https), so Parley did not fetch it.',
  'upload-failed': 'The upload failed.',
  'download-failed': 'The download failed.',
  'size-mismatch': 'The file is not the size the sender announced; it was discarded.',
  'hash-mismatch':
    'The file does not match its checksum; it may have been altered and was discarded.',
  stalled: 'The transfer stalled: no data arrived for a while.',
  'file-unreadable': 'The file could not be read.',
  disk: 'The file could not be saved to disk.',
  'not-connected': 'The account is not connected.',
  unknown: 'Something went wrong.',
};

/** Why a transfer failed, in words, with the backend's detail when it adds something. */
export function transferErrorText(error: NonNullable<Transfer['error']>): string {
  const words = ERROR_WORDS[error.code] ?? ERROR_WORDS.unknown;
  const detail = error.message.trim();
  return detail && detail !== words ? `${words} ${detail}` : words;
}

export const STATE_WORDS: Record<Transfer['state'], string> = {
  queued: 'Waiting',
  active: 'In progress',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export function isActive(transfer: Pick<Transfer, 'state'>): boolean {
  return transfer.state === 'queued' || transfer.state === 'active';
}
