import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readBody, startHttpServer, type TestHttpServer } from '../../test-support/http-server.js';
import { TransferCancelled, TransferFailure, fetchableUrl } from './http-common.js';
import { putFile, type PutRequest } from './http-upload.js';

const content = randomBytes(512 * 1024);
const sha256 = createHash('sha256').update(content).digest('base64');

let dir: string;
let file: string;
let server: TestHttpServer | null = null;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-up-'));
  file = join(dir, 'payload.bin');
  writeFileSync(file, content);
});
afterEach(async () => {
  await server?.close();
  server = null;
  rmSync(dir, { recursive: true, force: true });
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  server = await startHttpServer(handler);
  return server.origin;
}

function put(url: string, extra: Partial<PutRequest> = {}): PutRequest {
  return {
    url: new URL(url),
    headers: { Authorization: 'Basic dGVzdDp0ZXN0' },
    path: file,
    size: content.length,
    contentType: 'application/octet-stream',
    caPem: null,
    signal: new AbortController().signal,
    stallMs: 10_000,
    onBytes: () => {},
    ...extra,
  };
}

async function failure(req: PutRequest): Promise<TransferFailure> {
  const error = await putFile(req).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TransferFailure);
  return error as TransferFailure;
}

describe('putFile', () => {
  it('PUTs the file byte-exactly with the slot headers, length and type', async () => {
    let received: Buffer | null = null;
    const origin = await serve((req, res) => {
      void readBody(req).then((body) => {
        received = body;
        res.statusCode = 201;
        res.end();
      });
    });
    let counted = 0;
    const result = await putFile(put(`${origin}/slot/x`, { onBytes: (n) => (counted += n) }));
    expect(result.sha256).toBe(sha256);
    expect(received!.equals(content)).toBe(true);
    expect(counted).toBe(content.length);
    const seen = server!.requests[0]!;
    expect(seen.method).toBe('PUT');
    expect(seen.headers['content-length']).toBe(String(content.length));
    expect(seen.headers['content-type']).toBe('application/octet-stream');
    expect(seen.headers.authorization).toBe('Basic dGVzdDp0ZXN0');
  });

  it.each([400, 403, 409, 413, 500, 502])('fails on HTTP %i in words', async (status) => {
    const origin = await serve((req, res) => {
      void readBody(req).then(() => {
        res.statusCode = status;
        res.end('nope');
      });
    });
    const error = await failure(put(`${origin}/slot`));
    expect(error.code).toBe('upload-failed');
    expect(error.message).toMatch(status === 413 ? /too large/ : new RegExp(String(status)));
  });

  it('reports the status of a server that refuses before reading the body', async () => {
    const origin = await serve((_req, res) => {
      res.statusCode = 413;
      res.setHeader('connection', 'close');
      res.end();
    });
    const error = await failure(put(`${origin}/slot`));
    expect(error.code).toBe('upload-failed');
  });

  it('fails as stalled when the server stops reading', async () => {
    const origin = await serve((req) => req.pause()); // Never reads, never answers.
    const big = join(dir, 'big.bin');
    writeFileSync(big, Buffer.alloc(32 * 1024 * 1024));
    const error = await failure(
      put(`${origin}/slot`, { path: big, size: 32 * 1024 * 1024, stallMs: 300 }),
    );
    expect(error.code).toBe('stalled');
  });

  it('fails as stalled when the server reads everything but never answers', async () => {
    const origin = await serve((req) => void readBody(req));
    expect((await failure(put(`${origin}/slot`, { stallMs: 300 }))).code).toBe('stalled');
  });

  it('reports a closed connection in words', async () => {
    const origin = await serve((req) => req.socket.destroy());
    const error = await failure(put(`${origin}/slot`));
    expect(error.code).toBe('upload-failed');
    expect(error.message).toMatch(/Could not upload: the connection/);
  });

  it('cancels mid-way', async () => {
    const origin = await serve((req) => req.resume()); // Reads, never answers.
    const controller = new AbortController();
    const error = await putFile(
      put(`${origin}/slot`, { signal: controller.signal, onBytes: () => controller.abort() }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransferCancelled);
  });

  it('fails a file that is gone, or changed size since it was chosen', async () => {
    const origin = await serve((req, res) => void readBody(req).then(() => res.end()));
    const gone = await failure(put(`${origin}/slot`, { path: join(dir, 'missing') }));
    expect(gone.code).toBe('file-unreadable');
    const grew = await failure(put(`${origin}/slot`, { size: content.length - 10 }));
    expect(grew).toMatchObject({ code: 'file-unreadable' });
    expect(grew.message).toContain('changed');
    const shrank = await failure(
      put(`${origin}/slot`, { size: content.length + 10, stallMs: 500 }),
    );
    expect(shrank.code).toBe('file-unreadable');
  });

  it('fails a folder given as the file', async () => {
    const origin = await serve((req, res) => void readBody(req).then(() => res.end()));
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    expect((await failure(put(`${origin}/slot`, { path: folder }))).code).toBe('file-unreadable');
  });
});

describe('fetchableUrl', () => {
  it.each([
    'ftp://upload.example/slot',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'http://upload.example/slot',
    'http://10.0.0.1/slot',
    'data:text/plain,hi',
  ])('refuses %s as insecure', (url) => {
    expect(() => fetchableUrl(url, true)).toThrow(
      expect.objectContaining({ code: 'insecure-url' }) as Error,
    );
  });

  it('takes https anywhere, and http to loopback only when allowed', () => {
    expect(fetchableUrl('https://upload.example/a/b.png', false).href).toBe(
      'https://upload.example/a/b.png',
    );
    expect(fetchableUrl('http://127.0.0.1:5280/x', true).port).toBe('5280');
    expect(() => fetchableUrl('http://127.0.0.1:5280/x', false)).toThrow(TransferFailure);
    expect(() => fetchableUrl('not a url', true)).toThrow(TransferFailure);
    expect(() => fetchableUrl('https://user:pw@host/x', true)).toThrow(TransferFailure);
  });
});
