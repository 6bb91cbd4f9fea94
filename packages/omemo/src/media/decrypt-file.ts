// Decrypting into a file so that only authenticated plaintext is ever found at the final path.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createDecryptStream, type FileKey, type StreamLimits } from './aesgcm-stream.js';

/**
 * Streams `source` (ciphertext‖tag) through decryption into a hidden temp file beside `path`,
 * and renames it to `path` only once the tag verified. On any failure the temp file is removed
 * and the error (an AesgcmStreamError for a bad tag) is rethrown: nothing is left behind.
 * Returns the plaintext's size.
 */
export async function decryptToFile(
  source: Readable | AsyncIterable<Uint8Array>,
  fileKey: FileKey,
  path: string,
  limits: StreamLimits = {},
): Promise<number> {
  const temp = join(dirname(path), `.${randomBytes(6).toString('hex')}.part`);
  const out = createWriteStream(temp, { flags: 'wx', mode: 0o600 });
  try {
    await pipeline(source, createDecryptStream(fileKey, limits), out);
    await rename(temp, path);
    return out.bytesWritten;
  } catch (error) {
    if (!out.closed) await once(out, 'close').catch(() => {});
    await rm(temp, { force: true }).catch(() => {});
    throw error;
  }
}
