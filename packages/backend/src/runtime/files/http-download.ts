import { createHash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { once } from 'node:events';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  AESGCM_TAG_BYTES,
  AesgcmStreamError,
  createDecryptStream,
  type FileKey,
} from '@parley/omemo/media';
import { formatBytes } from '@parley/xmpp';
import { claimUniquePath, partName } from './file-names.js';
import {
  TransferFailure,
  fileWords,
  networkWords,
  requestControl,
  startRequest,
  statusWords,
  type HttpTransferOptions,
} from './http-common.js';
import { sameSha256 } from './hashing.js';

export interface GetRequest extends HttpTransferOptions {
  url: URL;
  /** Checks a redirect's target by the same rule as the first URL; throws to refuse it. */
  checkRedirect(target: string): URL | Promise<URL>;
  /**
   * Checks the content's first bytes (up to HEAD_CHECK_BYTES) before the rest is accepted; a
   * TransferFailure with `refusal` when they are refused. Absent: any content.
   */
  acceptHead?: { accept(head: Buffer): boolean; refusal: string };
  /** The download folder. */
  dir: string;
  /** Already sanitised (file-names.ts). */
  safeName: string;
  /** The announced size (of the plaintext): more (or fewer) bytes fail the download. */
  size: number | null;
  /** The announced SHA-256 (base64 or hex, of the plaintext): a different content fails it. */
  sha256: string | null;
  /** Without an announced size, a download is cut off here. */
  maxBytes: number;
  /** Bytes received from the server (ciphertext when decrypting), as they arrive. */
  onBytes(n: number): void;
  /**
   * No size was announced (an encrypted file's never is) and the server's Content-Length gives
   * it: the file's size, the tag taken off when decrypting. Progress can then show a percentage.
   */
  onSize?(size: number): void;
  /**
   * XEP-0454: the content is AES-256-GCM ciphertext with its tag at the end. It is decrypted on
   * the way to the temp file, and the file is kept only when the tag verifies; the head check
   * and the hash see the plaintext.
   */
  decrypt?: FileKey;
}

const MAX_REDIRECTS = 3;
/** Enough for every signature file-kinds.ts and preview.ts look at. */
export const HEAD_CHECK_BYTES = 64;

/** GETs the URL, following at most a few redirects, each checked by the same rule. */
async function open(
  request: GetRequest,
  signal: AbortSignal,
  opened: ClientRequest[],
): Promise<IncomingMessage> {
  let url = request.url;
  for (let hop = 0; ; hop++) {
    // No Accept-Encoding: the bytes counted and hashed are the file's own.
    const { req, response } = startRequest(url, 'GET', {}, request.caPem, signal, {
      lookup: request.lookup,
      proxy: request.proxy,
      connectTimeoutMs: request.stallMs,
    });
    opened.push(req);
    req.end();
    const res = await response;
    const status = res.statusCode ?? 0;
    // Bodies of redirects and errors are never read: a hostile one could be endless.
    if (status >= 300 && status < 400 && res.headers.location) {
      req.destroy();
      if (hop >= MAX_REDIRECTS) {
        throw new TransferFailure('download-failed', 'Could not download: too many redirects');
      }
      url = await request.checkRedirect(new URL(res.headers.location, url).toString());
      continue;
    }
    if (status !== 200) {
      req.destroy();
      throw new TransferFailure(
        'download-failed',
        `Could not download: the server answered ${statusWords(status)}`,
      );
    }
    return res;
  }
}

/** What a wrong key or an altered file looks like to the user. */
const NOT_AUTHENTIC =
  'The encrypted file could not be decrypted: it was altered or cut short, or the key is wrong. It was not kept.';

function tooBig(request: GetRequest): TransferFailure {
  return request.size !== null
    ? new TransferFailure(
        'size-mismatch',
        `The file is larger than the ${formatBytes(request.size)} announced`,
      )
    : new TransferFailure(
        'too-large',
        `The file is larger than ${formatBytes(request.maxBytes)}, the most Parley downloads`,
      );
}

/**
 * Streams the file into a hidden temp file in the download folder, counting and hashing on the
 * way; only a complete, checked file is renamed to its final (unique) name. On any failure or
 * cancel the temp file is deleted: nothing partial is ever left behind.
 */
export async function downloadFile(
  request: GetRequest,
): Promise<{ path: string; bytes: number; sha256: string }> {
  const control = requestControl(request, 'The server stopped sending: the download stalled');
  // The server holds the ciphertext: the file plus its tag.
  const overhead = request.decrypt ? AESGCM_TAG_BYTES : 0;
  const limit = request.size !== null ? request.size + overhead : request.maxBytes;
  const hash = createHash('sha256');
  let received = 0;
  /** Bytes written to the file: `received`, less the tag when decrypting. */
  let kept = 0;
  let writeError: unknown = null;
  const temp = join(request.dir, partName(request.safeName));
  let finalPath: string | null = null;
  let complete = false;
  let file: WriteStream | null = null;
  const opened: ClientRequest[] = [];
  try {
    const res = await open(request, control.signal, opened);
    const length = Number(res.headers['content-length'] ?? Number.NaN);
    if (Number.isFinite(length)) {
      // Known before a byte is read: refuse now rather than after a gigabyte.
      if (length > limit) throw tooBig(request);
      if (request.size !== null && length !== request.size + overhead) {
        throw new TransferFailure(
          'size-mismatch',
          `The server has ${formatBytes(length - overhead)}, not the ${formatBytes(request.size)} announced`,
        );
      }
      if (request.size === null && length >= overhead) request.onSize?.(length - overhead);
    }
    await onDisk(mkdir(request.dir, { recursive: true }));
    // Generous buffers between socket and disk: with the 16 KB defaults every socket chunk waits
    // for its own disk write and the download runs at a fraction of the link's speed.
    const headCheck = request.acceptHead;
    let head: Buffer | null = headCheck ? Buffer.alloc(0) : null;
    /** The head check's verdict once it has enough bytes (or the file ended): null to go on. */
    const judgeHead = (final: boolean): TransferFailure | null => {
      if (!headCheck || head === null || (!final && head.length < HEAD_CHECK_BYTES)) return null;
      const verdict = headCheck.accept(head);
      head = null;
      return verdict ? null : new TransferFailure('download-failed', headCheck.refusal);
    };
    // What arrives: bounded, counted for progress, and what keeps the stall watchdog quiet.
    const counter = new Transform({
      highWaterMark: 1024 * 1024,
      transform(chunk: Buffer, _encoding, done) {
        received += chunk.length;
        if (received > limit) {
          done(tooBig(request));
          return;
        }
        control.watchdog.kick();
        request.onBytes(chunk.length);
        done(null, chunk);
      },
    });
    // What is kept (the plaintext when decrypting): its first bytes judged, all of it hashed.
    const inspect = new Transform({
      highWaterMark: 1024 * 1024,
      transform(chunk: Buffer, _encoding, done) {
        kept += chunk.length;
        if (head !== null) {
          head = Buffer.concat([head, chunk.subarray(0, HEAD_CHECK_BYTES - head.length)]);
          const refused = judgeHead(false);
          if (refused) {
            done(refused);
            return;
          }
        }
        hash.update(chunk);
        done(null, chunk);
      },
      flush(done) {
        done(judgeHead(true));
      },
    });
    file = createWriteStream(temp, { flags: 'wx', mode: 0o600, highWaterMark: 4 * 1024 * 1024 });
    file.once('error', (error) => {
      writeError = error;
    });
    const decrypt = request.decrypt;
    try {
      if (decrypt) {
        const decipher = createDecryptStream(decrypt);
        await pipeline(res, counter, decipher, inspect, file, { signal: control.signal });
      } else await pipeline(res, counter, inspect, file, { signal: control.signal });
    } catch (error) {
      if (error instanceof AesgcmStreamError) {
        throw new TransferFailure('download-failed', NOT_AUTHENTIC);
      }
      throw error;
    }
    if (request.size !== null && kept !== request.size) {
      throw new TransferFailure(
        'size-mismatch',
        `The file is ${formatBytes(kept)}, not the ${formatBytes(request.size)} announced`,
      );
    }
    const sha256 = hash.digest('base64');
    if (request.sha256 !== null && !sameSha256(request.sha256, sha256)) {
      throw new TransferFailure(
        'hash-mismatch',
        'The file is not the one announced (its SHA-256 hash differs): it was not kept',
      );
    }
    finalPath = await onDisk(claimUniquePath(request.dir, request.safeName));
    // Over our own empty placeholder: the name was claimed exclusively above.
    await onDisk(rename(temp, finalPath));
    complete = true;
    return { path: finalPath, bytes: kept, sha256 };
  } catch (error) {
    const reason = control.reason(error);
    if (reason instanceof TransferFailure || reason.name === 'TransferCancelled') throw reason;
    if (writeError) throw diskFailure(writeError);
    throw new TransferFailure('download-failed', `Could not download: ${networkWords(reason)}`);
  } finally {
    control.dispose();
    // Done or not, no connection outlives the download (a body cut short keeps one open).
    for (const req of opened) req.destroy();
    if (!complete) {
      // Closed before it is removed: Windows cannot delete a file that is still open.
      if (file && !file.closed) await once(file, 'close').catch(() => {});
      // Whatever exists of it: the temp file, and the placeholder of a name claimed too early.
      await rm(temp, { force: true }).catch(() => {});
      if (finalPath !== null) await rm(finalPath, { force: true }).catch(() => {});
    }
  }
}

function diskFailure(error: unknown): TransferFailure {
  return new TransferFailure('disk', `Could not save the file: ${fileWords(error)}`);
}

/** A file system step: its failure is the disk's (full, read-only, not a folder...). */
async function onDisk<T>(step: Promise<T>): Promise<T> {
  try {
    return await step;
  } catch (error) {
    throw diskFailure(error);
  }
}
