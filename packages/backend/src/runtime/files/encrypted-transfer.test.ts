// XEP-0454 over HTTP: the PUT carries ciphertext‖tag, the GET is decrypted on its way to disk
// and kept only when the tag verifies.
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newFileKey, type FileKey } from '@parley/omemo/media';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readBody, startHttpServer, type TestHttpServer } from '../../test-support/http-server.js';
import { TransferFailure, fetchableUrl } from './http-common.js';
import { downloadFile, type GetRequest } from './http-download.js';
import { putFile } from './http-upload.js';

const plain = randomBytes(300_001);
const plainSha = createHash('sha256').update(plain).digest('base64');

function seal(data: Buffer, { iv, key }: FileKey): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  return Buffer.concat([cipher.update(data), cipher.final(), cipher.getAuthTag()]);
}

let dir: string;
let server: TestHttpServer | null = null;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-enc-'));
});
afterEach(async () => {
  await server?.close();
  server = null;
  rmSync(dir, { recursive: true, force: true });
});

function get(url: string, key: FileKey, extra: Partial<GetRequest> = {}): GetRequest {
  return {
    url: new URL(url),
    checkRedirect: (target) => fetchableUrl(target, true),
    dir: join(dir, 'downloads'),
    safeName: 'photo.jpg',
    size: null,
    sha256: null,
    maxBytes: 10 * 1024 * 1024,
    caPem: null,
    signal: new AbortController().signal,
    stallMs: 10_000,
    onBytes: () => {},
    decrypt: key,
    ...extra,
  };
}

describe('encrypted PUT (XEP-0454)', () => {
  it('sends plain + 16 bytes of ciphertext that decrypt to the file; progress counts the file', async () => {
    const file = join(dir, 'photo.jpg');
    writeFileSync(file, plain);
    let body: Buffer | null = null;
    let length: string | undefined;
    server = await startHttpServer((req, res) => {
      length = req.headers['content-length'];
      void readBody(req).then((b) => {
        body = b;
        res.statusCode = 201;
        res.end();
      });
    });
    const key = newFileKey();
    let progress = 0;
    const { sha256 } = await putFile({
      url: new URL(`${server.origin}/slot`),
      headers: {},
      path: file,
      size: plain.length,
      contentType: 'application/octet-stream',
      caPem: null,
      signal: new AbortController().signal,
      stallMs: 10_000,
      onBytes: (n) => (progress += n),
      encrypt: key,
    });
    expect(length).toBe(String(plain.length + 16));
    expect(body).not.toBeNull();
    expect(body!.equals(seal(plain, key))).toBe(true);
    expect(progress).toBe(plain.length);
    expect(sha256).toBe(plainSha);
  });
});

describe('encrypted GET (XEP-0454)', () => {
  it('decrypts on the way to disk; bytes, hash and file are the plaintext', async () => {
    const key = newFileKey();
    const sealed = seal(plain, key);
    server = await startHttpServer((_req, res) => res.end(sealed));
    let received = 0;
    const result = await downloadFile(
      get(`${server.origin}/f`, key, { onBytes: (n) => (received += n) }),
    );
    expect(readFileSync(result.path).equals(plain)).toBe(true);
    expect(result).toMatchObject({ bytes: plain.length, sha256: plainSha });
    expect(received).toBe(sealed.length);
  });

  it('learns the size of an unannounced file from the Content-Length, less the tag', async () => {
    const key = newFileKey();
    const sealed = seal(plain, key);
    server = await startHttpServer((_req, res) => {
      res.setHeader('content-length', sealed.length);
      res.end(sealed);
    });
    const sizes: number[] = [];
    let knownAtFirstByte: number[] | null = null;
    await downloadFile(
      get(`${server.origin}/f`, key, {
        onSize: (size) => sizes.push(size),
        onBytes: () => (knownAtFirstByte ??= [...sizes]),
      }),
    );
    expect(sizes).toEqual([plain.length]);
    // Known before the first byte arrives: the bar has its percentage from the start.
    expect(knownAtFirstByte).toEqual([plain.length]);
  });

  it('checks an announced plaintext size against the ciphertext length', async () => {
    const key = newFileKey();
    server = await startHttpServer((_req, res) => res.end(seal(plain, key)));
    const result = await downloadFile(get(`${server.origin}/f`, key, { size: plain.length }));
    expect(result.bytes).toBe(plain.length);
  });

  it.each([
    ['a flipped byte', (s: Buffer) => (s[1000] = s[1000]! ^ 4)],
    ['a truncated tag', (s: Buffer) => s.subarray(0, s.length - 5)],
  ])('fails on %s with a clear message and leaves no file', async (_what, damage) => {
    const key = newFileKey();
    const sealed = seal(plain, key);
    const served = damage(sealed);
    const body = Buffer.isBuffer(served) ? served : sealed;
    server = await startHttpServer((_req, res) => res.end(body));
    const error = await downloadFile(get(`${server.origin}/f`, key)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TransferFailure);
    expect((error as TransferFailure).message).toMatch(/could not be decrypted/);
    expect(readdirSync(join(dir, 'downloads'))).toEqual([]);
  });

  it('fails with the wrong key and leaves no file', async () => {
    server = await startHttpServer((_req, res) => res.end(seal(plain, newFileKey())));
    await expect(downloadFile(get(`${server.origin}/f`, newFileKey()))).rejects.toMatchObject({
      code: 'download-failed',
    });
    expect(readdirSync(join(dir, 'downloads'))).toEqual([]);
  });
});
