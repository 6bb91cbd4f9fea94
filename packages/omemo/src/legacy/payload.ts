/**
 * The legacy OMEMO payload: AES-128-GCM with a random 16-byte key and 12-byte IV; what the
 * Signal session carries per device is key(16) ‖ tag(16) (XEP-0384 0.3 "the tag appended to
 * the key"). Older senders put a 16-byte key in the session and the tag at the end of the
 * payload; Dino and Conversations still accept that, and so do we. A KeyTransport carries 16
 * random bytes and no payload at all.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { LegacyOmemoError } from './errors.js';

export const KEY_BYTES = 16;
export const TAG_BYTES = 16;
export const IV_BYTES = 12;

export interface SealedPayload {
  /** What goes through each device's Signal session. */
  readonly keyMaterial: Uint8Array;
  readonly iv: Uint8Array;
  /** null for a KeyTransport. */
  readonly payload: Uint8Array | null;
}

export function sealPayload(plaintext: Uint8Array | null): SealedPayload {
  const iv = new Uint8Array(randomBytes(IV_BYTES));
  if (plaintext === null) {
    return { keyMaterial: new Uint8Array(randomBytes(KEY_BYTES)), iv, payload: null };
  }
  const key = randomBytes(KEY_BYTES);
  const cipher = createCipheriv('aes-128-gcm', key, iv);
  const payload = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return {
    keyMaterial: new Uint8Array(Buffer.concat([key, cipher.getAuthTag()])),
    iv,
    payload: new Uint8Array(payload),
  };
}

/** Accepts key‖tag (≥ 32 bytes) and the older 16-byte key with the tag after the payload. */
export function openPayload(keyMaterial: Uint8Array, iv: Uint8Array, payload: Uint8Array) {
  let key: Uint8Array;
  let tag: Uint8Array;
  let ciphertext: Uint8Array;
  if (keyMaterial.length >= KEY_BYTES + TAG_BYTES) {
    key = keyMaterial.subarray(0, KEY_BYTES);
    tag = keyMaterial.subarray(KEY_BYTES, KEY_BYTES + TAG_BYTES);
    ciphertext = payload;
  } else if (keyMaterial.length === KEY_BYTES) {
    if (payload.length < TAG_BYTES) {
      throw new LegacyOmemoError('bad-payload', 'payload shorter than its tag');
    }
    key = keyMaterial;
    tag = payload.subarray(payload.length - TAG_BYTES);
    ciphertext = payload.subarray(0, payload.length - TAG_BYTES);
  } else {
    throw new LegacyOmemoError('bad-payload', `key material of ${keyMaterial.length} bytes`);
  }
  if (iv.length < 8 || iv.length > 64) {
    throw new LegacyOmemoError('bad-payload', `IV of ${iv.length} bytes`);
  }
  try {
    const decipher = createDecipheriv('aes-128-gcm', key, iv);
    decipher.setAuthTag(tag);
    return new Uint8Array(Buffer.concat([decipher.update(ciphertext), decipher.final()]));
  } catch (cause) {
    throw new LegacyOmemoError('bad-payload', 'payload did not authenticate', { cause });
  }
}
