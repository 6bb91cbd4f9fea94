import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, stat, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { OutgoingFile } from '@parley/contract';
import { normalizeMediaType } from '@parley/xmpp';
import type { FilesConfig } from './config.js';
import { safeDiskName } from './file-names.js';
import { TransferFailure, fileWords } from './http-common.js';

/** A file ready to upload: a regular file on disk, its name to announce, size and type. */
export interface UploadSource {
  path: string;
  name: string;
  size: number;
  mediaType: string;
}

/** What receivers use to pick a viewer; the content is checked again wherever it matters. */
const MEDIA_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.heic': 'image/heic',
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.mov': 'video/quicktime',
  '.webm': 'video/webm',
  '.mkv': 'video/x-matroska',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.ogg': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.wav': 'audio/wav',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.gz': 'application/gzip',
  '.txt': 'text/plain',
  '.md': 'text/markdown',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.odt': 'application/vnd.oasis.opendocument.text',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function guessMediaType(name: string): string {
  return MEDIA_TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream';
}

async function grantedPath(grant: string, take: FilesConfig['takeFileGrant']): Promise<string> {
  if (!take) {
    throw new TransferFailure(
      'file-unreadable',
      "Files on disk cannot be named here; this connection takes the file's bytes",
    );
  }
  let path: string | null;
  try {
    path = await take(grant);
  } catch {
    path = null;
  }
  if (path === null) {
    throw new TransferFailure(
      'file-unreadable',
      'This file was not dropped or picked here, or was already sent; drop or pick it again',
    );
  }
  return path;
}

/** Only a readable regular file: a directory, device, FIFO or socket is refused with words. */
export async function regularFileSize(path: string): Promise<number> {
  let info;
  try {
    info = await stat(path);
    await access(path, constants.R_OK);
  } catch (error) {
    throw new TransferFailure('file-unreadable', `Cannot read the file: ${fileWords(error)}`);
  }
  if (info.isDirectory()) {
    throw new TransferFailure('file-unreadable', 'A folder cannot be sent; choose files in it');
  }
  if (!info.isFile()) {
    throw new TransferFailure('file-unreadable', 'Only regular files can be sent');
  }
  return info.size;
}

/**
 * The upload source for a file from the renderer. A grant (Electron: a file the user dropped
 * or picked) is resolved by main to its path and used in place; bytes (the browser host) are
 * written once to the profile's upload folder, so that upload, retry and preview all read from
 * disk the same way. The renderer never names a path.
 */
export async function resolveSource(
  file: OutgoingFile,
  config: Pick<FilesConfig, 'uploadDir' | 'takeFileGrant'>,
): Promise<UploadSource> {
  if ('grant' in file) {
    const path = await grantedPath(file.grant, config.takeFileGrant);
    const size = await regularFileSize(path);
    const name = safeDiskName(basename(path));
    return { path, name, size, mediaType: guessMediaType(name) };
  }
  const uploadDir = config.uploadDir;
  const name = safeDiskName(file.name);
  const bytes = Buffer.from(file.base64, 'base64');
  // A folder per file: the user's name is kept without clashing with another upload's.
  const dir = join(uploadDir, randomUUID());
  const path = join(dir, name);
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFile(path, bytes, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    throw new TransferFailure('disk', `Could not keep a copy to upload: ${fileWords(error)}`);
  }
  const mediaType = normalizeMediaType(file.mediaType);
  return {
    path,
    name,
    size: bytes.length,
    mediaType:
      mediaType && mediaType !== 'application/octet-stream' ? mediaType : guessMediaType(name),
  };
}
