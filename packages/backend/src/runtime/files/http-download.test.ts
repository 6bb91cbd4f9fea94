import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHttpServer, type TestHttpServer } from '../../test-support/http-server.js';
import { safeDiskName } from './file-names.js';
import { TransferCancelled, TransferFailure, fetchableUrl } from './http-common.js';
import { downloadFile, type GetRequest } from './http-download.js';

const content = randomBytes(256 * 1024);
const sha256 = createHash('sha256').update(content).digest('base64');

let dir: string;
let server: TestHttpServer | null = null;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-dl-'));
});
afterEach(async () => {
  await server?.close();
  server = null;
  rmSync(dir, { recursive: true, force: true });
});

/** A server whose every GET is answered by `respond`. */
async function serve(respond: (res: ServerResponse, path: string) => void): Promise<string> {
  server = await startHttpServer((req, res) => respond(res, req.url ?? '/'));
  return server.origin;
}

function request(url: string, extra: Partial<GetRequest> = {}): GetRequest {
  return {
    url: new URL(url),
    checkRedirect: (target) => fetchableUrl(target, true),
    dir,
    safeName: 'photo.png',
    size: content.length,
    sha256,
    maxBytes: 10 * 1024 * 1024,
    caPem: null,
    signal: new AbortController().signal,
    stallMs: 10_000,
    onBytes: () => {},
    ...extra,
  };
}

/** The failure's code, checking that the download folder holds nothing new. */
async function failure(req: GetRequest, before: string[] = []): Promise<TransferFailure> {
  const error = await downloadFile(req).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TransferFailure);
  expect(readdirSafe()).toEqual(before);
  return error as TransferFailure;
}

function readdirSafe(): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

describe('downloadFile', () => {
  it('saves the file byte-exactly under its name, with progress, and checks the hash', async () => {
    const origin = await serve((res) => res.end(content));
    let counted = 0;
    const result = await downloadFile(request(`${origin}/f`, { onBytes: (n) => (counted += n) }));
    expect(result).toMatchObject({ path: join(dir, 'photo.png'), bytes: content.length, sha256 });
    expect(readFileSync(result.path).equals(content)).toBe(true);
    expect(counted).toBe(content.length);
    expect(readdirSafe()).toEqual(['photo.png']);
  });

  it('never overwrites: an existing name gets a suffix', async () => {
    const origin = await serve((res) => res.end(content));
    writeFileSync(join(dir, 'photo.png'), 'mine');
    const result = await downloadFile(request(`${origin}/f`));
    expect(result.path).toBe(join(dir, 'photo (1).png'));
    expect(readFileSync(join(dir, 'photo.png'), 'utf8')).toBe('mine');
  });

  it('keeps a hostile name inside the download folder', async () => {
    const origin = await serve((res) => res.end(content));
    for (const hostile of [
      '../../etc/passwd',
      'CON.txt',
      'a\u202Eexe.txt',
      '..',
      'x'.repeat(10_000),
    ]) {
      const result = await downloadFile(
        request(`${origin}/f`, { safeName: safeDiskName(hostile) }),
      );
      expect(dirname(result.path)).toBe(dir);
    }
    expect(readdirSafe()).toHaveLength(5);
    expect(readdirSafe()).toContain('passwd');
    expect(readdirSafe()).toContain('_CON.txt');
    expect(readdirSafe()).toContain('aexe.txt');
  });

  it('accepts no size and no hash when none were announced', async () => {
    const origin = await serve((res) => {
      res.write(content.subarray(0, 1000));
      res.end(content.subarray(1000));
    });
    const result = await downloadFile(request(`${origin}/f`, { size: null, sha256: null }));
    expect(result.bytes).toBe(content.length);
  });

  it.each([404, 403, 500, 503])('fails on HTTP %i with the status in words', async (status) => {
    const origin = await serve((res) => {
      res.statusCode = status;
      res.end('<html>error page that must not be saved</html>');
    });
    const error = await failure(request(`${origin}/f`));
    expect(error.code).toBe('download-failed');
    expect(error.message).toContain(String(status));
  });

  it('does not read an error page that never ends', async () => {
    const origin = await serve((res) => {
      res.statusCode = 500;
      const pump = () => {
        while (res.write(Buffer.alloc(65536, 0x41)));
        res.once('drain', pump);
      };
      pump();
    });
    const error = await failure(request(`${origin}/f`));
    expect(error.code).toBe('download-failed');
  });

  it('refuses a Content-Length larger than announced before reading', async () => {
    const origin = await serve((res) => {
      res.setHeader('content-length', content.length + 1);
      res.end(Buffer.concat([content, Buffer.from('x')]));
    });
    expect((await failure(request(`${origin}/f`))).code).toBe('size-mismatch');
  });

  it('cuts off a body larger than announced when no length was given (chunked)', async () => {
    const origin = await serve((res) => {
      res.write(content);
      res.end(content);
    });
    const error = await failure(request(`${origin}/f`, { sha256: null }));
    expect(error.code).toBe('size-mismatch');
    expect(error.message).toContain('larger than');
  });

  it('fails a body shorter than announced', async () => {
    const origin = await serve((res) => res.end(content.subarray(0, 100)));
    expect((await failure(request(`${origin}/f`))).code).toBe('size-mismatch');
  });

  it('cuts off a download that never ends at the hard cap when no size was announced', async () => {
    const origin = await serve((res) => {
      const chunk = Buffer.alloc(64 * 1024, 1);
      const pump = () => {
        while (res.write(chunk));
        res.once('drain', pump);
      };
      pump();
    });
    const error = await failure(
      request(`${origin}/f`, { size: null, sha256: null, maxBytes: 1024 * 1024 }),
    );
    expect(error.code).toBe('too-large');
    expect(error.message).toContain('1 MB');
  });

  it('fails as stalled when the server stops sending, and leaves no partial file', async () => {
    const origin = await serve((res) => {
      res.setHeader('content-length', content.length);
      res.write(content.subarray(0, 1000)); // ...and nothing more, ever.
    });
    const error = await failure(request(`${origin}/f`, { stallMs: 300 }));
    expect(error.code).toBe('stalled');
  });

  it('fails as stalled when the server never answers', async () => {
    const origin = await serve(() => {});
    expect((await failure(request(`${origin}/f`, { stallMs: 300 }))).code).toBe('stalled');
  });

  it('refuses content whose hash differs from the announced one', async () => {
    const origin = await serve((res) => {
      const other = Buffer.from(content);
      other[0] = (other[0] ?? 0) ^ 0xff;
      res.end(other);
    });
    const error = await failure(request(`${origin}/f`));
    expect(error.code).toBe('hash-mismatch');
    // A hex hash (some clients) is compared as the same digest.
    const hex = createHash('sha256').update(content).digest('hex');
    await serveAgain(content);
    const ok = await downloadFile(request(`${server!.origin}/f`, { sha256: hex }));
    expect(ok.bytes).toBe(content.length);
  });

  it('follows a redirect that passes the URL rule, and refuses one that does not', async () => {
    const origin = await serve((res, path) => {
      if (path === '/ok') return res.end(content);
      res.statusCode = 302;
      res.setHeader('location', path === '/good' ? '/ok' : 'file:///etc/passwd');
      res.end();
    });
    const result = await downloadFile(request(`${origin}/good`));
    expect(result.bytes).toBe(content.length);
    rmSync(result.path);
    expect((await failure(request(`${origin}/bad`))).code).toBe('insecure-url');
  });

  it('gives up after a few redirects', async () => {
    const origin = await serve((res, path) => {
      res.statusCode = 302;
      res.setHeader('location', `${path}x`);
      res.end();
    });
    const error = await failure(request(`${origin}/loop`));
    expect(error).toMatchObject({ code: 'download-failed' });
    expect(error.message).toContain('redirects');
  });

  it('reports a refused connection in words', async () => {
    const origin = await serve((res) => res.end());
    await server!.close();
    server = null;
    const error = await failure(request(`${origin}/f`));
    expect(error.code).toBe('download-failed');
    expect(error.message).toContain('refused');
  });

  it('cancels mid-way and removes the partial file', async () => {
    const origin = await serve((res) => {
      res.setHeader('content-length', content.length);
      res.write(content.subarray(0, 4096)); // Then hold the rest back.
    });
    const controller = new AbortController();
    const error = await downloadFile(
      request(`${origin}/f`, {
        signal: controller.signal,
        stallMs: 10_000,
        onBytes: () => controller.abort(),
      }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransferCancelled);
    expect(readdirSafe()).toEqual([]);
  });

  it('reports a download folder it cannot write to as a disk problem', async () => {
    const origin = await serve((res) => res.end(content));
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, '');
    const error = await downloadFile(request(`${origin}/f`, { dir: join(file, 'sub') })).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'disk' });
  });
});

/** Replaces the server with one that sends `body`. */
async function serveAgain(body: Buffer): Promise<void> {
  await server?.close();
  server = await startHttpServer((_req, res) => res.end(body));
}
