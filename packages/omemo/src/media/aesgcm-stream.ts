// XEP-0454 file encryption: AES-256-GCM over the whole file, the 16-byte tag appended to the
// ciphertext. Both directions are Node Transforms, so a file of any size passes in a few chunks
// of memory. GCM only authenticates at the end: a decrypting stream hands out plaintext before
// it can vouch for it, and fails at its end when the tag does not match. Whoever writes that
// plaintext must therefore write it somewhere temporary and keep it only if the stream ends
// without error (decryptToFile does exactly that).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import {
  AESGCM_IV_BYTES,
  AESGCM_KEY_BYTES,
  AESGCM_LEGACY_IV_BYTES,
  AESGCM_TAG_BYTES,
} from './aesgcm-url.js';

export class AesgcmStreamError extends Error {
  override readonly name = 'AesgcmStreamError';
  constructor(
    readonly code: 'bad-key' | 'too-large' | 'truncated' | 'tag-mismatch',
    message: string,
  ) {
    super(message);
  }
}

export interface FileKey {
  iv: Buffer;
  key: Buffer;
}

/** A fresh key and IV for one file (a key is never used for a second file). */
export function newFileKey(): FileKey {
  return { iv: randomBytes(AESGCM_IV_BYTES), key: randomBytes(AESGCM_KEY_BYTES) };
}

export interface StreamLimits {
  /**
   * Most plaintext bytes the stream passes (encrypt: read; decrypt: produced). Beyond it the
   * stream fails with 'too-large'. Default: no limit (the caller bounds the source).
   */
  maxPlaintextBytes?: number;
}

/** AES-128 keys too: JET-OMEMO (XEP-0396) transfers use AES-128-GCM, as Dino does. */
const AES128_KEY_BYTES = 16;

/** The cipher for a key: AES-256-GCM (XEP-0454's) or AES-128-GCM for a 16-byte key. */
function algorithm({ iv, key }: FileKey): 'aes-256-gcm' | 'aes-128-gcm' {
  if (key.length !== AESGCM_KEY_BYTES && key.length !== AES128_KEY_BYTES) {
    throw new AesgcmStreamError('bad-key', `A key of ${key.length} bytes; 32 or 16 expected`);
  }
  if (iv.length !== AESGCM_IV_BYTES && iv.length !== AESGCM_LEGACY_IV_BYTES) {
    throw new AesgcmStreamError('bad-key', `An IV of ${iv.length} bytes; 12 or 16 expected`);
  }
  return key.length === AES128_KEY_BYTES ? 'aes-128-gcm' : 'aes-256-gcm';
}

function tooLarge(max: number): AesgcmStreamError {
  return new AesgcmStreamError('too-large', `The file is larger than the ${max} bytes allowed`);
}

/** Ciphertext for `plain + 16` bytes out: the encrypted file followed by its tag. */
export function encryptedSize(plainBytes: number): number {
  return plainBytes + AESGCM_TAG_BYTES;
}

/**
 * Plaintext in, ciphertext out, the tag pushed after the last chunk.
 * @throws AesgcmStreamError('bad-key') at once for a key or IV of the wrong size
 */
export function createEncryptStream(fileKey: FileKey, limits: StreamLimits = {}): Transform {
  const cipher = createCipheriv(algorithm(fileKey), fileKey.key, fileKey.iv, {
    authTagLength: AESGCM_TAG_BYTES,
  });
  const max = limits.maxPlaintextBytes ?? Number.POSITIVE_INFINITY;
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      seen += chunk.length;
      if (seen > max) {
        done(tooLarge(max));
        return;
      }
      done(null, cipher.update(chunk));
    },
    flush(done: TransformCallback) {
      const last = cipher.final(); // Empty for GCM (a stream mode), kept for form.
      done(null, Buffer.concat([last, cipher.getAuthTag()]));
    },
  });
}

/**
 * Ciphertext‖tag in, plaintext out. The last 16 bytes seen are always held back (they may be
 * the tag); at the end they are checked, and a mismatch or a stream shorter than a tag fails
 * the stream. Plaintext already pushed is then unauthenticated: see the file's comment.
 * @throws AesgcmStreamError('bad-key') at once for a key or IV of the wrong size
 */
export function createDecryptStream(fileKey: FileKey, limits: StreamLimits = {}): Transform {
  const decipher = createDecipheriv(algorithm(fileKey), fileKey.key, fileKey.iv, {
    authTagLength: AESGCM_TAG_BYTES,
  });
  const max = limits.maxPlaintextBytes ?? Number.POSITIVE_INFINITY;
  let tail: Buffer = Buffer.alloc(0);
  let produced = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      const all = tail.length === 0 ? chunk : Buffer.concat([tail, chunk]);
      const cut = Math.max(0, all.length - AESGCM_TAG_BYTES);
      // A copy: a subarray would keep the whole chunk alive until the next one.
      tail = Buffer.from(all.subarray(cut));
      if (cut === 0) {
        done();
        return;
      }
      produced += cut;
      if (produced > max) {
        done(tooLarge(max));
        return;
      }
      done(null, decipher.update(all.subarray(0, cut)));
    },
    flush(done: TransformCallback) {
      if (tail.length < AESGCM_TAG_BYTES) {
        done(new AesgcmStreamError('truncated', 'The encrypted file is too short to hold its tag'));
        return;
      }
      decipher.setAuthTag(tail);
      try {
        done(null, decipher.final());
      } catch {
        done(
          new AesgcmStreamError(
            'tag-mismatch',
            'The encrypted file does not match its key: it was altered, cut short, or the key is wrong',
          ),
        );
      }
    },
  });
}
