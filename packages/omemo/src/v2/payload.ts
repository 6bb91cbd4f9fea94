/**
 * The payload layer of OMEMO 2: the SCE envelope is encrypted once with a random 32-byte key;
 * HKDF-SHA-256(key, salt 32 zero bytes, "OMEMO Payload") → 80 bytes = AES key ‖ HMAC key ‖ IV;
 * AES-256-CBC, tag = HMAC-SHA-256(ciphertext)[:16]. Each device receives key ‖ tag (48 bytes)
 * through its ratchet. An empty (key transport) message ratchets 32 zero bytes instead.
 */
import { randomBytes } from 'node:crypto';
import {
  aesCbcDecrypt,
  aesCbcEncrypt,
  concatBytes,
  equalBytes,
  hkdf,
  hmacSha256,
} from './crypto.js';
import { fail } from './errors.js';

const INFO = 'OMEMO Payload';
const ZERO_SALT = new Uint8Array(32);
const TAG_LENGTH = 16;
export const KEY_MATERIAL_LENGTH = 48;
/** What an empty message carries instead of key ‖ tag. */
export const EMPTY_KEY_MATERIAL = new Uint8Array(32);
/** Bounds the work an attacker's payload can cause; an envelope is a chat message, not a file. */
export const MAX_PAYLOAD = 256 * 1024;

function derive(key: Uint8Array): { encKey: Uint8Array; authKey: Uint8Array; iv: Uint8Array } {
  const out = hkdf(key, ZERO_SALT, INFO, 80);
  return { encKey: out.slice(0, 32), authKey: out.slice(32, 64), iv: out.slice(64) };
}

export function encryptPayload(
  plaintext: Uint8Array,
  key: Uint8Array = new Uint8Array(randomBytes(32)),
): { ciphertext: Uint8Array; keyMaterial: Uint8Array } {
  if (plaintext.length > MAX_PAYLOAD) fail('malformed', 'the payload is too large');
  const k = derive(key);
  const ciphertext = aesCbcEncrypt(k.encKey, k.iv, plaintext);
  const tag = hmacSha256(k.authKey, ciphertext).slice(0, TAG_LENGTH);
  return { ciphertext, keyMaterial: concatBytes(key, tag) };
}

export function decryptPayload(ciphertext: Uint8Array, keyMaterial: Uint8Array): Uint8Array {
  if (keyMaterial.length !== KEY_MATERIAL_LENGTH) {
    fail(
      'malformed',
      `key material must be ${KEY_MATERIAL_LENGTH} bytes, got ${keyMaterial.length}`,
    );
  }
  if (
    ciphertext.length === 0 ||
    ciphertext.length % 16 !== 0 ||
    ciphertext.length > MAX_PAYLOAD + 16
  ) {
    fail('malformed', `payload of ${ciphertext.length} bytes`);
  }
  const k = derive(keyMaterial.slice(0, 32));
  const tag = hmacSha256(k.authKey, ciphertext).slice(0, TAG_LENGTH);
  if (!equalBytes(tag, keyMaterial.slice(32)))
    fail('auth-failed', 'the payload tag does not match');
  return aesCbcDecrypt(k.encKey, k.iv, ciphertext);
}
