import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Attachment } from '@parley/contract';
import type { TransferRecord } from '@parley/store';
import { NS_UPLOAD, SessionError, xml, type Element, type Session } from '@parley/xmpp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readBody, startHttpServer, type TestHttpServer } from '../../test-support/http-server.js';
import type { FilesConfig } from './config.js';
import { TransferFailure } from './http-common.js';
import type { JobContext } from './transfers.js';
import { uploadJob, type UploadDeps } from './upload-job.js';

let dir: string;
let path: string;
let server: TestHttpServer;
let received: Buffer | null;
const content = randomBytes(10_000);

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-upjob-'));
  path = join(dir, 'a.png');
  writeFileSync(path, content);
  received = null;
  server = await startHttpServer((req, res) => {
    void readBody(req).then((body) => {
      received = body;
      res.statusCode = 201;
      res.end();
    });
  });
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const config: FilesConfig = {
  downloadDir: '',
  uploadDir: '',
  caPem: null,
  stallMs: 10_000,
  maxDownloadBytes: 1e9,
  allowLoopbackHttp: true,
  takeFileGrant: null,
  openFile: null,
};

function slot(put: string, get = put): Element {
  return xml(
    'iq',
    { type: 'result' },
    xml(
      'slot',
      { xmlns: NS_UPLOAD },
      xml('put', { url: put }, xml('header', { name: 'Authorization' }, 'Bearer t')),
      xml('get', { url: get }),
    ),
  );
}

/** What @xmpp/iq rejects with, as the session wraps it. */
function stanzaError(condition: string, text: string, extra: Element | null = null): SessionError {
  const element = xml(
    'error',
    { type: 'modify' },
    xml(condition, { xmlns: 'urn:ietf:params:xml:ns:xmpp-stanzas' }),
    xml('text', { xmlns: 'urn:ietf:params:xml:ns:xmpp-stanzas' }, text),
    extra,
  );
  return new SessionError('stanza-error', 'iq failed', {
    condition,
    cause: { name: 'StanzaError', condition, text, element },
  });
}

function setup(answer: (iq: Element) => Promise<Element>, maxSize: number | null = 1_000_000) {
  const asked: Element[] = [];
  const announced: Attachment[] = [];
  const session = {
    iq: (iq: Element) => {
      asked.push(iq);
      return answer(iq);
    },
  } as unknown as Session;
  const deps: UploadDeps = {
    config,
    online: () => session,
    uploadService: () => Promise.resolve({ service: 'upload.x', maxSize }),
    announce: (_peer, attachment) => {
      announced.push(attachment);
      return { id: 'msg-1' };
    },
  };
  return { deps, asked, announced };
}

const record: TransferRecord = {
  id: 't1',
  accountId: 'a1',
  peer: 'bob@x',
  direction: 'upload',
  messageId: null,
  name: 'a.png',
  size: content.length,
  mediaType: 'image/png',
  sha256: null,
  url: null,
  bytes: 0,
  state: 'active',
  error: null,
  localPath: '',
  createdAt: 0,
};

const ctx = (): JobContext => ({
  signal: new AbortController().signal,
  progress: () => {},
  update: () => {},
});

async function failure(deps: UploadDeps, rec: Partial<TransferRecord> = {}) {
  const error = await uploadJob({ ...record, localPath: path, ...rec }, ctx(), deps).catch(
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TransferFailure);
  return error as TransferFailure;
}

describe('uploadJob', () => {
  it('asks for a slot, PUTs, then announces the GET URL with size, type and hash', async () => {
    const url = `${server.origin}/share/a.png`;
    const { deps, asked, announced } = setup(() => Promise.resolve(slot(url)));
    const patch = await uploadJob({ ...record, localPath: path }, ctx(), deps);
    const request = asked[0]!.getChild('request', NS_UPLOAD)!;
    expect(request.attrs).toMatchObject({
      filename: 'a.png',
      size: String(content.length),
      'content-type': 'image/png',
    });
    expect(received!.equals(content)).toBe(true);
    expect(server.requests[0]!.headers.authorization).toBe('Bearer t');
    expect(announced[0]).toMatchObject({ url, name: 'a.png', size: content.length });
    expect(announced[0]!.sha256).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(patch).toMatchObject({ messageId: 'msg-1', url, size: content.length });
  });

  it('refuses a file over the service limit before asking for a slot, in words', async () => {
    const { deps, asked } = setup(() => Promise.resolve(slot('x')), 5_000);
    const error = await failure(deps);
    expect(error.code).toBe('too-large');
    expect(error.message).toMatch(/9\.8 KB.*4\.9 KB/);
    expect(asked).toHaveLength(0);
  });

  it("reports the service's refusal: too large, or refused with its reason quoted", async () => {
    const tooLarge = setup(() =>
      Promise.reject(
        stanzaError(
          'not-acceptable',
          'File too large',
          xml('file-too-large', { xmlns: NS_UPLOAD }, xml('max-file-size', {}, '4096')),
        ),
      ),
    );
    const big = await failure(tooLarge.deps);
    expect(big.code).toBe('too-large');
    expect(big.message).toContain('4 KB');
    const refused = setup(() => Promise.reject(stanzaError('forbidden', 'Quota')));
    const no = await failure(refused.deps);
    expect(no.code).toBe('slot-refused');
    expect(no.message).toContain('Quota');
    const silent = setup(() => Promise.reject(new SessionError('timeout', 'no answer')));
    expect((await failure(silent.deps)).code).toBe('slot-refused');
    const lost = setup(() => Promise.reject(new SessionError('session-lost', 'gone')));
    expect((await failure(lost.deps)).code).toBe('not-connected');
  });

  it.each([
    ['ftp://upload.x/slot', 'insecure-url'],
    ['file:///etc/passwd', 'insecure-url'],
    ['http://upload.x/slot', 'insecure-url'],
    ['javascript:alert(1)', 'insecure-url'],
  ])('refuses a slot whose URL is %s, sending nothing', async (url, code) => {
    const { deps, announced } = setup(() => Promise.resolve(slot(url)));
    expect((await failure(deps)).code).toBe(code);
    expect(server.requests).toHaveLength(0);
    expect(announced).toHaveLength(0);
  });

  it('refuses a GET URL that is not secure even when the PUT URL is', async () => {
    const { deps } = setup(() => Promise.resolve(slot(`${server.origin}/p`, 'ftp://x/g')));
    expect((await failure(deps)).code).toBe('insecure-url');
  });

  it('takes http to loopback only when the host allows it (tests)', async () => {
    const { deps } = setup(() => Promise.resolve(slot(`${server.origin}/p`)));
    deps.config = { ...config, allowLoopbackHttp: false };
    expect((await failure(deps)).code).toBe('insecure-url');
    expect(server.requests).toHaveLength(0);
  });

  it('needs a connection, an upload service, and a readable file', async () => {
    const offline = setup(() => Promise.resolve(slot('x')));
    offline.deps.online = () => null;
    expect((await failure(offline.deps)).code).toBe('not-connected');
    const none = setup(() => Promise.resolve(slot('x')));
    none.deps.uploadService = () => Promise.resolve(null);
    expect((await failure(none.deps)).code).toBe('no-upload-service');
    const gone = setup(() => Promise.resolve(slot('x')));
    expect((await failure(gone.deps, { localPath: join(dir, 'missing') })).code).toBe(
      'file-unreadable',
    );
    expect((await failure(gone.deps, { localPath: dir })).code).toBe('file-unreadable');
    expect((await failure(gone.deps, { localPath: '/dev/null' })).code).toBe('file-unreadable');
  });
});
