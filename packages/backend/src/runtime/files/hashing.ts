/** SHA-256 as announced (XEP-0300: base64; some clients send hex) against ours (base64). */
export function sameSha256(announced: string, computedBase64: string): boolean {
  const text = announced.trim();
  const bytes = /^[0-9a-f]{64}$/i.test(text)
    ? Buffer.from(text, 'hex')
    : Buffer.from(text, 'base64');
  return bytes.length === 32 && bytes.equals(Buffer.from(computedBase64, 'base64'));
}
