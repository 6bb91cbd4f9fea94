import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createCipheriv, randomBytes } from 'node:crypto';
import type { Message, SealedAttachment } from '@parley/contract';
import type { Store } from '@parley/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newAccount, openTempStore, type TempStore } from '../../../../store/src/test-support.js';
import { testScope } from '../../test-support/scope.js';
import { EventBus } from '../../event-bus.js';
import { HandlerError } from '../../handler-types.js';
import { AccountFiles } from './account-files.js';
import type { FilesConfig } from './config.js';
import type { MarkWriter } from './mark-of-the-web.js';
import { Transfers } from './transfers.js';

let temp: TempStore;
let dir: string;
let store: Store;
let transfers: Transfers;
let files: AccountFiles;
const grants = new Map<string, string>();
let granted = 0;
let marks: { path: string; content: string }[];
let config: FilesConfig;
let scope: ReturnType<typeof testScope>;

/** Name resolution without DNS: address literals only (the server names here resolve to nothing). */
async function literalOnly(host: string): Promise<string[]> {
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare) === 0) throw new Error(`ENOTFOUND ${host}`);
  return [bare];
}

beforeEach(() => {
  temp = openTempStore();
  ({ store, dir } = temp);
  // Our server is on loopback, as the test servers are: loopback file URLs are its own.
  store.accounts.insert(
    newAccount('a1', {
      jid: 'me@x',
      password: 'pw',
      resource: 'r',
      host: '127.0.0.1',
    }),
  );
  store.settings.set('autoDownloadBytes', 'a1', 1000);
  store.contacts.upsert('a1', {
    jid: 'friend@x',
    name: '',
    groups: [],
    subscription: 'both',
    askSubscribe: false,
  });
  const bus = new EventBus(true);
  transfers = new Transfers(store, bus);
  config = {
    downloadDir: join(dir, 'Downloads'),
    uploadDir: join(dir, 'uploads'),
    caPem: null,
    stallMs: 1_000,
    maxDownloadBytes: 1e6,
    allowLoopbackHttp: true,
    takeFileGrant: (token) => {
      const path = grants.get(token) ?? null;
      grants.delete(token);
      return path;
    },
    openFile: null,
    resolveHost: literalOnly,
    markWriter: recorder(),
  };
  scope = testScope(store, 'a1', 'me@x', bus);
  files = newFiles();
});

function newFiles(): AccountFiles {
  return new AccountFiles(scope, transfers, config, {
    online: () => null,
    announce: () => {
      throw new Error('not in these tests');
    },
    say: () => {
      throw new Error('not in these tests');
    },
    encrypts: async () => false,
  });
}
afterEach(async () => {
  await transfers.stop();
  temp.dispose();
});

/** Marks as Windows would write them, recorded instead of written. */
function recorder(): MarkWriter {
  marks = [];
  return {
    platform: 'win32',
    writeFile: async (path, content) => {
      marks.push({ path, content });
    },
    run: async () => {},
    now: () => 0,
  };
}

/** An incoming message with a file; the URL points at a closed port (nothing is fetched). */
function incoming(peer: string, attachment: Partial<SealedAttachment> = {}): Message {
  return store.messages.insert({
    accountId: 'a1',
    peer,
    direction: 'in',
    body: 'http://127.0.0.1:9/a.png',
    timestamp: Date.now(),
    status: 'received',
    attachment: {
      url: 'http://127.0.0.1:9/a.png',
      name: 'a.png',
      size: 500,
      mediaType: 'image/png',
      sha256: null,
      ...attachment,
    },
  }).message;
}

const started = (m: Message) => store.transfers.forMessage('a1', m.id) !== null;

describe('auto-download', () => {
  it('fetches small media from a roster contact', async () => {
    const m = incoming('friend@x');
    await files.autoDownload(m);
    expect(store.transfers.forMessage('a1', m.id)).toMatchObject({
      direction: 'download',
      name: 'a.png',
      size: 500,
    });
    // Once only, even when asked again.
    await files.autoDownload(m);
    expect(store.transfers.recent()).toHaveLength(1);
  });

  it('leaves everything else to a click', async () => {
    const cases = [
      incoming('stranger@x'), // Not in the roster.
      incoming('room@conference.x'), // A room (never a roster contact here).
      incoming('room@conference.x/nick'), // A private message through a room.
      incoming('friend@x', { size: 1001 }), // Over the account's limit.
      incoming('friend@x', { size: null }), // Size unknown.
      incoming('friend@x', { mediaType: 'application/x-msdownload', name: 'a.exe' }),
      incoming('friend@x', { mediaType: null, name: 'notes.pdf' }),
      // The announced type decides nothing: the name is what the system acts on.
      incoming('friend@x', { mediaType: 'image/png', name: 'a.exe' }),
      incoming('friend@x', { mediaType: 'image/jpeg', name: 'photo.jpg.scr' }),
      incoming('friend@x', { mediaType: 'video/mp4', name: 'clip.svg' }),
      // XEP-0447: the sender asked that it be fetched only on a click.
      incoming('friend@x', { disposition: 'attachment' }),
    ];
    for (const m of cases) await files.autoDownload(m);
    expect(cases.filter(started)).toEqual([]);
    // By name, whatever type was announced (the content is checked as it arrives).
    const byName = incoming('friend@x', { mediaType: null, name: 'clip.mp4' });
    await files.autoDownload(byName);
    expect(started(byName)).toBe(true);
    const mislabelled = incoming('friend@x', { mediaType: 'application/octet-stream' });
    await files.autoDownload(mislabelled);
    expect(started(mislabelled)).toBe(true);
  });

  it('refuses a loopback or private URL when our server is elsewhere', async () => {
    store.accounts.update('a1', { host: '198.51.100.7' });
    files = newFiles();
    const cases = [
      incoming('friend@x'),
      incoming('friend@x', { url: 'http://[::1]:9/a.png' }),
      incoming('friend@x', { url: 'https://192.168.1.1/a.png' }),
      incoming('friend@x', { url: 'https://169.254.169.254/latest/a.png' }),
      incoming('friend@x', { url: 'https://10.0.0.1/a.png' }),
    ];
    for (const m of cases) await files.autoDownload(m);
    expect(cases.filter(started)).toEqual([]);
    // A click still fetches it: the user chose to.
    expect(files.download(cases[0]!.id).state).toMatch(/queued|active/);
  });

  it('is off at 0', async () => {
    store.settings.set('autoDownloadBytes', 'a1', 0);
    const m = incoming('friend@x', { size: 0 });
    await files.autoDownload(m);
    expect(started(m)).toBe(false);
  });
});

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(200, 1),
]);
/** A Windows executable's first bytes, sent under an image's name. */
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), Buffer.alloc(200, 0)]);

describe('automatic download checks the content and marks the file', () => {
  /** Ciphertext served by path (XEP-0454 files). */
  const sealed = new Map<string, Buffer>();
  let server: Server;
  let base: string;
  beforeEach(async () => {
    server = createServer((req, res) => {
      const body = sealed.get(req.url ?? '') ?? (req.url === '/a.png' ? PNG : EXE);
      res.writeHead(200, { 'content-length': body.length }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  /** The transfer's final state, polled (bounded: 5 s). */
  async function settled(m: Message) {
    for (let i = 0; i < 250; i++) {
      const t = store.transfers.forMessage('a1', m.id);
      if (t && (t.state === 'done' || t.state === 'failed')) return t;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('the transfer did not finish');
  }

  /** An aesgcm:// file (XEP-0454) as it arrives: no size, its key in the store. */
  function encryptedAt(path: string, plain: Buffer): Message {
    const iv = randomBytes(12);
    const key = randomBytes(32);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    sealed.set(path, Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]));
    return incoming('friend@x', {
      url: `${base}${path}`,
      size: null,
      encrypted: true,
      aesgcmSecret: iv.toString('hex') + key.toString('hex'),
    });
  }

  it('fetches a small encrypted image by itself and keeps it decrypted', async () => {
    const m = encryptedAt('/e.png', PNG);
    await files.autoDownload(m);
    const t = await settled(m);
    expect(t).toMatchObject({ state: 'done', bytes: PNG.length });
    expect(readFileSync(t.localPath!)).toEqual(PNG);
  });

  it('stops an encrypted file of unknown size at the automatic limit, leaving nothing', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(1000, 2)]); // Over the 1000 bytes set above.
    const m = encryptedAt('/big.png', big);
    await files.autoDownload(m);
    const t = await settled(m);
    expect(t).toMatchObject({ state: 'failed', error: { code: 'too-large' } });
    const downloads = join(dir, 'Downloads');
    expect(existsSync(downloads) ? readdirSync(downloads) : []).toEqual([]);
  });

  it('keeps an image whose bytes are an image, marked as from the internet', async () => {
    const m = incoming('friend@x', { url: `${base}/a.png`, size: PNG.length });
    await files.autoDownload(m);
    const t = await settled(m);
    expect(t).toMatchObject({ state: 'done' });
    expect(readFileSync(t.localPath!)).toEqual(PNG);
    expect(marks).toEqual([
      { path: `${t.localPath}:Zone.Identifier`, content: '[ZoneTransfer]\r\nZoneId=3\r\n' },
    ]);
  });

  it('drops a program sent as "a.png" and leaves nothing on disk; a click still gets it', async () => {
    const m = incoming('friend@x', { url: `${base}/evil.png`, size: EXE.length });
    await files.autoDownload(m);
    const t = await settled(m);
    expect(t).toMatchObject({ state: 'failed', error: { code: 'download-failed' } });
    expect(t.error?.message).toMatch(/not the image its name says/);
    const downloads = join(dir, 'Downloads');
    expect(existsSync(downloads) ? readdirSync(downloads) : []).toEqual([]);
    expect(marks).toEqual([]);

    files.download(m.id);
    await new Promise((r) => setTimeout(r, 20));
    const again = await settled(m);
    expect(again.state).toBe('done');
    expect(readFileSync(again.localPath!)).toEqual(EXE);
    expect(marks.map((x) => x.path)).toEqual([`${again.localPath}:Zone.Identifier`]);
  });
});

describe('download', () => {
  it('returns the running transfer when asked twice, and refuses a message without a file', () => {
    const m = incoming('stranger@x');
    const first = files.download(m.id);
    expect(files.download(m.id).id).toBe(first.id);
    const plain = store.messages.insert({
      accountId: 'a1',
      peer: 'x@x',
      direction: 'in',
      body: 'hi',
      timestamp: 1,
      status: 'received',
    }).message;
    expect(() => files.download(plain.id)).toThrow(HandlerError);
    expect(() => files.download('nope')).toThrow(HandlerError);
  });
});

/** As Electron main does on a drop or pick. */
function grant(path: string): { grant: string; name: string } {
  const token = `grant-${++granted}-${'x'.repeat(24)}`;
  grants.set(token, path);
  return { grant: token, name: 'shown-name.txt' };
}

describe('send', () => {
  it('reads a file only through a grant, once; an unknown grant reads nothing', async () => {
    const path = join(dir, 'mine.txt');
    writeFileSync(path, 'mine');
    const granted = grant(path);
    const [first] = await files.send('friend@x', [granted]);
    expect(first).toMatchObject({ name: 'mine.txt', size: 4, localPath: path });
    const [again, unknown] = await files.send('friend@x', [
      granted,
      { grant: 'y'.repeat(32), name: 'id_ed25519' },
    ]);
    for (const t of [again, unknown]) {
      expect(t).toMatchObject({
        state: 'failed',
        localPath: null,
        error: { code: 'file-unreadable' },
      });
    }
    expect(unknown!.name).toBe('id_ed25519');
    expect(unknown!.error!.message).toMatch(/not dropped or picked/);
  });

  it('keeps browser-host bytes in the upload folder and fails offline with words', async () => {
    const bytes = Buffer.from('hello');
    const [t] = await files.send('friend@x', [
      { name: '../evil name.txt', mediaType: 'text/plain', base64: bytes.toString('base64') },
    ]);
    expect(t).toMatchObject({ direction: 'upload', name: 'evil name.txt', size: 5 });
    expect(t!.localPath?.startsWith(join(dir, 'uploads'))).toBe(true);
    expect(readFileSync(t!.localPath!)).toEqual(bytes);
    await new Promise((r) => setTimeout(r, 20));
    expect(transfers.get(t!.id)).toMatchObject({
      state: 'failed',
      error: { code: 'not-connected' },
    });
  });

  it('refuses a folder, a device and a missing path as failed transfers', async () => {
    const out = await files.send('friend@x', [
      grant(dir),
      grant('/dev/null'),
      grant(join(dir, 'missing.txt')),
    ]);
    expect(out.map((t) => [t.state, t.error?.code])).toEqual([
      ['failed', 'file-unreadable'],
      ['failed', 'file-unreadable'],
      ['failed', 'file-unreadable'],
    ]);
    expect(out[0]!.error?.message).toMatch(/folder/);
  });
});
