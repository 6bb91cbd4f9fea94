import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Attachment, Message } from '@parley/contract';
import type { Store } from '@parley/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newAccount, openTempStore, type TempStore } from '../../../../store/src/test-support.js';
import { testScope } from '../../test-support/scope.js';
import { EventBus } from '../../event-bus.js';
import { HandlerError } from '../../handler-types.js';
import { AccountFiles } from './account-files.js';
import type { FilesConfig } from './config.js';
import { Transfers } from './transfers.js';

let temp: TempStore;
let dir: string;
let store: Store;
let transfers: Transfers;
let files: AccountFiles;
const grants = new Map<string, string>();
let granted = 0;

beforeEach(() => {
  temp = openTempStore();
  ({ store, dir } = temp);
  store.accounts.insert(
    newAccount('a1', { jid: 'me@x', password: 'pw', resource: 'r', autoDownloadBytes: 1000 }),
  );
  store.contacts.upsert('a1', {
    jid: 'friend@x',
    name: '',
    groups: [],
    subscription: 'both',
    askSubscribe: false,
  });
  const bus = new EventBus(true);
  transfers = new Transfers(store, bus);
  const config: FilesConfig = {
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
  };
  const scope = testScope(store, 'a1', 'me@x', bus);
  files = new AccountFiles(scope, transfers, config, {
    online: () => null,
    announce: () => {
      throw new Error('not in these tests');
    },
  });
});
afterEach(async () => {
  await transfers.stop();
  temp.dispose();
});

/** An incoming message with a file; the URL points at a closed port (nothing is fetched). */
function incoming(peer: string, attachment: Partial<Attachment> = {}): Message {
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
  it('fetches small media from a roster contact', () => {
    const m = incoming('friend@x');
    files.autoDownload(m);
    expect(store.transfers.forMessage('a1', m.id)).toMatchObject({
      direction: 'download',
      name: 'a.png',
      size: 500,
    });
    // Once only, even when asked again.
    files.autoDownload(m);
    expect(store.transfers.recent()).toHaveLength(1);
  });

  it('leaves everything else to a click', () => {
    const cases = [
      incoming('stranger@x'), // Not in the roster.
      incoming('room@conference.x'), // A room (never a roster contact here).
      incoming('room@conference.x/nick'), // A private message through a room.
      incoming('friend@x', { size: 1001 }), // Over the account's limit.
      incoming('friend@x', { size: null }), // Size unknown.
      incoming('friend@x', { mediaType: 'application/x-msdownload', name: 'a.exe' }),
      incoming('friend@x', { mediaType: null, name: 'notes.pdf' }),
    ];
    for (const m of cases) files.autoDownload(m);
    expect(cases.filter(started)).toEqual([]);
    // By name when no type was announced.
    const byName = incoming('friend@x', { mediaType: null, name: 'clip.mp4' });
    files.autoDownload(byName);
    expect(started(byName)).toBe(true);
  });

  it('is off at 0', () => {
    store.accounts.update('a1', { autoDownloadBytes: 0 });
    const m = incoming('friend@x', { size: 0 });
    files.autoDownload(m);
    expect(started(m)).toBe(false);
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
