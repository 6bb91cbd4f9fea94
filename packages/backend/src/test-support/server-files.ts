// What a test server keeps on disk (Prosody's data, its upload store, a SQLite archive), searched
// for what must never be there in the clear: an XEP-0454 file's aesgcm:// URL and key.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

/** Every file under `dir`, a few levels deep. */
export function serverFiles(dir: string, depth = 0): string[] {
  if (depth > 8) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) return serverFiles(p, depth + 1);
    return entry.isFile() ? [p] : [];
  });
}

/** An aesgcm:// URL's parts: the https location (host and path) and the key in hex. */
export function partsOf(url: string): { location: string; keyHex: string } {
  const [location = '', fragment = ''] = url.slice('aesgcm://'.length).split('#');
  return { location, keyHex: fragment.slice(-64) };
}

/**
 * Neither the URL nor its key in the stanza a peer received, nor anywhere on the server under
 * `dir`; the archive (`prosody.sqlite`, from `mamStorage: 'sql'`) must hold the message (so the
 * search could have found things) and no file address near it (the upload store may hold one).
 */
export function expectNothingInTheClear(
  dir: string,
  url: string,
  messageId: string,
  stanza: string,
): void {
  const { location, keyHex } = partsOf(url);
  const path = location.slice(location.indexOf('/'));
  expect(stanza).not.toContain('aesgcm');
  expect(stanza).not.toContain(keyHex);
  expect(stanza).not.toContain(path);
  expect(stanza).not.toMatch(/jabber:x:oob|urn:xmpp:sfs:0/);
  let archived = false;
  for (const file of serverFiles(dir)) {
    const text = readFileSync(file).toString('latin1');
    expect(text, file).not.toContain(keyHex);
    expect(text, file).not.toContain('aesgcm');
    if (!file.includes('prosody.sqlite')) continue;
    let at = text.indexOf(messageId);
    if (at >= 0) archived = true;
    for (let n = 0; at >= 0 && n < 100; n++, at = text.indexOf(messageId, at + 1)) {
      expect(text.slice(Math.max(0, at - 2_000), at + 2_000), file).not.toContain(path);
    }
  }
  expect(archived).toBe(true);
}
