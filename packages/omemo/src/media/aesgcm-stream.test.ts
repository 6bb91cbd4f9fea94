import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AesgcmStreamError,
  createDecryptStream,
  createEncryptStream,
  encryptedSize,
  newFileKey,
  type FileKey,
} from './aesgcm-stream.js';
import { decryptToFile } from './decrypt-file.js';

interface Vector {
  plainBytes: number;
  ivHex: string;
  keyHex: string;
  plainSha256: string;
  sealedHex: string;
}
const vectors = (
  JSON.parse(
    readFileSync(new URL('../../test-vectors/media/aesgcm-files.json', import.meta.url), 'utf8'),
  ) as { cases: Vector[] }
).cases;

/** Yields `data` in chunks of `size` (the last one shorter), like a socket would. */
function chunked(data: Buffer, size: number): Readable {
  const parts: Buffer[] = [];
  for (let at = 0; at < data.length; at += size) parts.push(data.subarray(at, at + size));
  return Readable.from(parts);
}

async function collect(source: Readable, stage: Transform): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(source, stage, async (chunks: AsyncIterable<Buffer | string>) => {
    for await (const chunk of chunks) out.push(Buffer.from(chunk));
  });
  return Buffer.concat(out);
}

function pseudoRandom(n: number): Buffer {
  const out = Buffer.alloc(n);
  let x = 0x12345678;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aesgcm-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('AES-256-GCM file streams (XEP-0454)', () => {
  it.each([0, 1, 65535, 65536, 65537, 5 * 1024 * 1024])(
    'round-trips %i bytes in odd-sized chunks, ciphertext = plain + 16',
    async (n) => {
      const plain = pseudoRandom(n);
      const key = newFileKey();
      const sealed = await collect(chunked(plain, 7001), createEncryptStream(key));
      expect(sealed.length).toBe(encryptedSize(n));
      if (n > 32) expect(sealed.subarray(0, 32).equals(plain.subarray(0, 32))).toBe(false);
      const back = await collect(chunked(sealed, 4093), createDecryptStream(key));
      expect(back.equals(plain)).toBe(true);
    },
  );

  it.each(vectors.map((v) => [v.plainBytes, v.ivHex.length / 2, v] as const))(
    'decrypts a %i-byte file (IV %i bytes) encrypted by python-cryptography, and encrypts it the same',
    async (_n, _iv, v) => {
      const key: FileKey = { iv: Buffer.from(v.ivHex, 'hex'), key: Buffer.from(v.keyHex, 'hex') };
      const sealed = Buffer.from(v.sealedHex, 'hex');
      const path = join(dir, 'out.bin');
      const bytes = await decryptToFile(chunked(sealed, 1000), key, path);
      expect(bytes).toBe(v.plainBytes);
      const plain = readFileSync(path);
      expect(createHash('sha256').update(plain).digest('hex')).toBe(v.plainSha256);
      expect((await collect(Readable.from([plain]), createEncryptStream(key))).equals(sealed)).toBe(
        true,
      );
    },
  );

  it.each([
    ['a flipped ciphertext byte', (s: Buffer) => (s[10] = s[10]! ^ 1), 'tag-mismatch'],
    [
      'a flipped tag byte',
      (s: Buffer) => (s[s.length - 1] = s[s.length - 1]! ^ 0x80),
      'tag-mismatch',
    ],
  ] as const)('fails on %s and leaves no file', async (_what, damage, code) => {
    const key = newFileKey();
    const sealed = await collect(Readable.from([pseudoRandom(70_000)]), createEncryptStream(key));
    damage(sealed);
    const path = join(dir, 'out.bin');
    const failure = decryptToFile(chunked(sealed, 8192), key, path);
    await expect(failure).rejects.toBeInstanceOf(AesgcmStreamError);
    await expect(failure).rejects.toMatchObject({ code });
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('fails on a truncated tag, a stream shorter than a tag, and a wrong key; no file left', async () => {
    const key = newFileKey();
    const sealed = await collect(Readable.from([pseudoRandom(1000)]), createEncryptStream(key));
    const path = join(dir, 'out.bin');
    await expect(
      decryptToFile(chunked(sealed.subarray(0, -3), 100), key, path),
    ).rejects.toMatchObject({
      code: 'tag-mismatch',
    });
    await expect(decryptToFile(Readable.from([Buffer.alloc(15)]), key, path)).rejects.toMatchObject(
      {
        code: 'truncated',
      },
    );
    await expect(decryptToFile(Readable.from([Buffer.alloc(0)]), key, path)).rejects.toMatchObject({
      code: 'truncated',
    });
    await expect(decryptToFile(Readable.from([sealed]), newFileKey(), path)).rejects.toMatchObject({
      code: 'tag-mismatch',
    });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('stops a stream over its size bound', async () => {
    const key = newFileKey();
    await expect(
      collect(
        Readable.from([pseudoRandom(2000)]),
        createEncryptStream(key, { maxPlaintextBytes: 1999 }),
      ),
    ).rejects.toMatchObject({ code: 'too-large' });
    const sealed = await collect(Readable.from([pseudoRandom(2000)]), createEncryptStream(key));
    await expect(
      decryptToFile(Readable.from([sealed]), key, join(dir, 'x'), { maxPlaintextBytes: 1000 }),
    ).rejects.toMatchObject({ code: 'too-large' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('takes a 16-byte key as AES-128-GCM (JET-OMEMO), the tag still at the end', async () => {
    const key = { iv: randomBytes(12), key: randomBytes(16) };
    const plain = pseudoRandom(70_000);
    const sealed = await collect(Readable.from([plain]), createEncryptStream(key));
    const c = createCipheriv('aes-128-gcm', key.key, key.iv);
    const expected = Buffer.concat([c.update(plain), c.final(), c.getAuthTag()]);
    expect(sealed.equals(expected)).toBe(true);
    const opened = await collect(Readable.from([sealed]), createDecryptStream(key));
    expect(opened.equals(plain)).toBe(true);
  });

  it('refuses a key or IV of the wrong size before any data', () => {
    expect(() => createEncryptStream({ iv: Buffer.alloc(12), key: Buffer.alloc(24) })).toThrow(
      /32 or 16 expected/,
    );
    expect(() => createDecryptStream({ iv: Buffer.alloc(8), key: Buffer.alloc(32) })).toThrow(
      /12 or 16/,
    );
  });
});
