import {
  byteUnit,
  formatAmount,
  formatBytes,
  type Transfer,
  type TransferErrorCode,
} from '@parley/contract';
import { tFor } from '../../i18n';

const t = tFor('files');

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
      : t('{{amount}} of {{size}}', {
          amount: formatAmount(bytes, byteUnit(size)),
          size: formatBytes(size),
        });
  return rate > 0 ? t('{{moved}} · {{rate}}/s', { moved, rate: formatBytes(rate) }) : moved;
}

/** The words for the media types we name; made at each call, in the current language. */
function typeWords(): Record<string, string> {
  return {
    'image/png': t('PNG image'),
    'image/jpeg': t('JPEG image'),
    'image/gif': t('GIF image'),
    'image/webp': t('WebP image'),
    'image/svg+xml': t('SVG image'),
    'video/mp4': t('MP4 video'),
    'video/webm': t('WebM video'),
    'video/quicktime': t('QuickTime video'),
    'audio/mpeg': t('MP3 audio'),
    'audio/ogg': t('Ogg audio'),
    'application/pdf': t('PDF document'),
    'application/zip': t('ZIP archive'),
    'text/plain': t('Text file'),
  };
}

/** What kind of file, in words: from the media type, else the name's extension. */
export function describeType(mediaType: string | null, name: string): string {
  const type = mediaType?.split(';')[0]?.trim().toLowerCase() ?? '';
  const known = typeWords()[type];
  if (known) return known;
  if (type.startsWith('image/')) return t('Image');
  if (type.startsWith('video/')) return t('Video');
  if (type.startsWith('audio/')) return t('Audio');
  const ext = /\.([a-z0-9]{1,8})$/i.exec(name)?.[1];
  return ext ? t('{{ext}} file', { ext: ext.toUpperCase() }) : t('File');
}

/** The last path segment of a URL, decoded, as a fallback name. */
export function nameFromUrl(url: string): string {
  try {
    const segment = new URL(url).pathname.split('/').filter(Boolean).pop();
    return segment ? decodeURIComponent(segment) : t('file');
  } catch {
    return t('file');
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

function errorWords(): Record<TransferErrorCode, string> {
  return {
    'too-large': t('The file is larger than the server accepts.'),
    'no-upload-service': t('Your server offers no file upload.'),
    'slot-refused': t('The server refused to take this file.'),
    'insecure-url': t('The link is not secure (not https), so Parley did not fetch it.'),
    'upload-failed': t('The upload failed.'),
    'download-failed': t('The download failed.'),
    'size-mismatch': t('The file is not the size the sender announced; it was discarded.'),
    'hash-mismatch': t(
      'The file does not match its checksum; it may have been altered and was discarded.',
    ),
    stalled: t('The transfer stalled: no data arrived for a while.'),
    'file-unreadable': t('The file could not be read.'),
    disk: t('The file could not be saved to disk.'),
    'not-connected': t('The account is not connected.'),
    declined: t('The contact declined the file.'),
    'offer-gone': t('The offer is no longer open.'),
    'no-transport': t('No connection to the contact could be made.'),
    'cannot-encrypt': t('The file could not be sent encrypted, so it was not sent at all.'),
    'peer-unreachable': t('None of the contact’s online devices takes files sent directly.'),
    unknown: t('Something went wrong.'),
  };
}

/**
 * Why a transfer failed, in words, with the backend's detail when it adds something (the
 * detail is the backend's, in English).
 */
export function transferErrorText(error: NonNullable<Transfer['error']>): string {
  const all = errorWords();
  const words = all[error.code] ?? all.unknown;
  // A declined offer needs no more words (the backend's would only say it again).
  const detail = error.code === 'declined' ? '' : error.message.trim();
  return detail && detail !== words ? t('{{words}} {{detail}}', { words, detail }) : words;
}

/** A transfer's state in words, in the current language. */
export function stateWords(state: Transfer['state']): string {
  const words: Record<Transfer['state'], string> = {
    queued: t('Waiting'),
    active: t('In progress'),
    done: t('Done'),
    failed: t('Failed'),
    cancelled: t('Cancelled'),
  };
  return words[state];
}

export function isActive(transfer: Pick<Transfer, 'state'>): boolean {
  return transfer.state === 'queued' || transfer.state === 'active';
}
