// XEP-0454 §4: an encrypted file is shared as `aesgcm://host/path#<IV hex><key hex>`, the https
// URL of the ciphertext with its scheme replaced and the AES-256-GCM IV and key in the fragment.
// The fragment never reaches a server (RFC 3986 §3.5), which is the point of putting it there.

/** What XEP-0454 prescribes: a 12-byte IV (GCM's native size) and a 32-byte AES-256 key. */
export const AESGCM_IV_BYTES = 12;
/** Older Conversations sent 16-byte IVs; Dino and Gajim still accept them, so do we. */
export const AESGCM_LEGACY_IV_BYTES = 16;
export const AESGCM_KEY_BYTES = 32;
/** The GCM tag appended to the ciphertext. */
export const AESGCM_TAG_BYTES = 16;
/** Far beyond any real upload URL; a longer one is not parsed at all. */
const MAX_URL_LENGTH = 8192;

export class AesgcmUrlError extends Error {
  override readonly name = 'AesgcmUrlError';
}

/** An encrypted file's location and secret, split apart. */
export interface AesgcmLink {
  /** Where the ciphertext is: the same URL with https and no fragment. */
  httpsUrl: string;
  iv: Buffer;
  key: Buffer;
}

const SCHEME = /^aesgcm:\/\//i;
const HEX = /^[0-9a-f]+$/i;

/** True when the text is meant as an aesgcm URL (it may still be malformed). */
export function looksLikeAesgcmUrl(text: string): boolean {
  return SCHEME.test(text.trim());
}

/**
 * Splits an aesgcm:// URL into its https location, IV and key.
 * @throws AesgcmUrlError saying what is wrong (scheme, host, fragment length or characters)
 */
export function parseAesgcmUrl(text: string): AesgcmLink {
  const raw = text.trim();
  if (raw.length > MAX_URL_LENGTH) throw new AesgcmUrlError('The aesgcm URL is too long');
  if (!SCHEME.test(raw)) throw new AesgcmUrlError('Not an aesgcm:// URL');
  const rest = raw.replace(SCHEME, '');
  // The URL parser would read `aesgcm:///f` as host "f"; an authority must come first.
  if (rest.startsWith('/') || rest.startsWith('\\')) {
    throw new AesgcmUrlError('The aesgcm URL names no host');
  }
  let url: URL;
  try {
    url = new URL(`https://${rest}`);
  } catch {
    throw new AesgcmUrlError('The aesgcm URL is not a valid URL');
  }
  if (url.hostname === '') throw new AesgcmUrlError('The aesgcm URL names no host');
  if (url.username !== '' || url.password !== '') {
    throw new AesgcmUrlError('The aesgcm URL carries credentials');
  }
  const fragment = url.hash.slice(1);
  if (!HEX.test(fragment)) {
    throw new AesgcmUrlError('The aesgcm URL fragment is not the hex IV and key');
  }
  const ivHex = fragment.length - AESGCM_KEY_BYTES * 2;
  if (ivHex !== AESGCM_IV_BYTES * 2 && ivHex !== AESGCM_LEGACY_IV_BYTES * 2) {
    throw new AesgcmUrlError(
      `The aesgcm URL fragment has ${fragment.length} hex digits, not 88 or 96 (IV of 12 or 16 bytes and a 32-byte key)`,
    );
  }
  url.hash = '';
  return {
    httpsUrl: url.href,
    iv: Buffer.from(fragment.slice(0, ivHex), 'hex'),
    key: Buffer.from(fragment.slice(ivHex), 'hex'),
  };
}

/**
 * The aesgcm:// URL for ciphertext at `httpsUrl` (an https URL, or http to loopback in tests).
 * @throws AesgcmUrlError for another scheme, a fragment already present, or a bad IV or key size
 */
export function buildAesgcmUrl(httpsUrl: string, iv: Uint8Array, key: Uint8Array): string {
  let url: URL;
  try {
    url = new URL(httpsUrl);
  } catch {
    throw new AesgcmUrlError('The file URL is not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AesgcmUrlError('The file URL is not https');
  }
  if (url.hash !== '') throw new AesgcmUrlError('The file URL already has a fragment');
  if (iv.length !== AESGCM_IV_BYTES && iv.length !== AESGCM_LEGACY_IV_BYTES) {
    throw new AesgcmUrlError(`An IV of ${iv.length} bytes; XEP-0454 uses 12`);
  }
  if (key.length !== AESGCM_KEY_BYTES) {
    throw new AesgcmUrlError(`A key of ${key.length} bytes; AES-256 needs 32`);
  }
  const rest = url.href.slice(url.protocol.length + 2);
  return `aesgcm://${rest}#${Buffer.from(iv).toString('hex')}${Buffer.from(key).toString('hex')}`;
}
