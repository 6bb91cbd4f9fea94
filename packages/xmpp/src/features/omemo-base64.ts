// Base64 for OMEMO keys and ciphertexts, strict: Buffer.from(text, 'base64') silently skips
// junk characters and stops at bad padding, so a hostile peer could make two different texts
// decode to the same key, or a key of the wrong size look right. Only the XML whitespace that
// xs:base64Binary allows is tolerated; the rest must be canonical RFC 4648 base64.

const XML_SPACE = /[ \t\r\n]+/g;
const CANONICAL = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The bytes of a base64 text, or null when it is not strict base64 or longer than `maxBytes`
 * (checked on the text, before decoding anything).
 */
export function decodeBase64Strict(text: string, maxBytes: number): Uint8Array | null {
  // 4 characters per 3 bytes, plus room for line breaks some encoders insert every 76.
  if (text.length > Math.ceil(maxBytes / 3) * 4 * 1.1 + 8) return null;
  const compact = text.replace(XML_SPACE, '');
  if (!CANONICAL.test(compact)) return null;
  const bytes = Buffer.from(compact, 'base64');
  if (bytes.length > maxBytes) return null;
  // Padding bits must be zero: otherwise several texts name the same bytes.
  if (bytes.toString('base64') !== compact) return null;
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** The bytes of a base64 text that must be exactly `size` bytes long, or null. */
export function decodeKey(text: string, size: number): Uint8Array | null {
  const bytes = decodeBase64Strict(text, size);
  return bytes && bytes.length === size ? bytes : null;
}

export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64');
}
