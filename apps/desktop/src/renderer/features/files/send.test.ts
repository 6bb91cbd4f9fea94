import '../../test/jsdom.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { account, transfer } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { useAccounts } from '../accounts/store';
import { chatKey } from '../ui/store';
import {
  BROWSER_MAX_BYTES,
  canPickFiles,
  clipboardImages,
  grantFor,
  pickFiles,
  sendFiles,
} from './send';
import { useFiles } from './store';

const MB = 1024 * 1024;
const PEER = 'alice@example.org';
const KEY = chatKey('a1', PEER);

function file(name: string, content = 'hello', type = 'text/plain', size?: number): File {
  const f = new File([content], name, { type });
  if (size !== undefined) Object.defineProperty(f, 'size', { value: size });
  return f;
}

function client(maxSize: number | null = 10 * MB, available = true) {
  let n = 0;
  return new FakeClient()
    .handle('files.uploadService', ({ accountId }) => ({
      accountId,
      available,
      service: available ? 'upload.example.org' : null,
      maxSize,
    }))
    .handle('files.send', ({ files }) =>
      files.map((f) =>
        transfer(`t${++n}`, {
          direction: 'upload',
          state: 'queued',
          name: f.name,
        }),
      ),
    );
}

let fake: FakeClient;
beforeEach(() => {
  resetStores();
  useAccounts.getState().setAll([account()]);
  fake = client();
  setClient(fake);
});
afterEach(() => {
  setClient(null);
  delete window.parley;
  vi.unstubAllGlobals();
});

describe('sendFiles', () => {
  it('refuses a file over the server’s limit in words, before any upload', async () => {
    const sent = await sendFiles('a1', PEER, [file('big.iso', 'x', 'application/x-iso', 12 * MB)]);
    expect(sent).toEqual([]);
    expect(fake.callsOf('files.uploadService')).toEqual([{ accountId: 'a1' }]);
    expect(fake.callsOf('files.send')).toEqual([]);
    expect(useFiles.getState().refusals[KEY]).toEqual([
      { name: 'big.iso', reason: 'It is 12 MB; your server takes files up to 10 MB.' },
    ]);
  });

  it('sends the files that fit and refuses the rest', async () => {
    const sent = await sendFiles('a1', PEER, [
      file('big.iso', 'x', 'application/x-iso', 12 * MB),
      file('notes.txt'),
      file('empty.txt', ''),
    ]);
    expect(sent.map((t) => t.name)).toEqual(['notes.txt']);
    expect(fake.callsOf('files.send')).toHaveLength(1);
    expect(useFiles.getState().refusals[KEY]?.map((r) => r.name)).toEqual(['big.iso', 'empty.txt']);
    expect(useFiles.getState().transfers.t1?.state).toBe('queued');
  });

  it('sends grants, never paths, when the Electron preload vouches for dropped files', async () => {
    window.parley = {
      invoke: () => Promise.resolve(),
      subscribe: () => () => undefined,
      grantFile: (f: File) => Promise.resolve(`grant-of-${f.name}`),
    } as unknown as Window['parley'];
    await sendFiles('a1', PEER, [file('a.txt'), file('b.txt')]);
    expect(fake.callsOf('files.send')).toEqual([
      {
        accountId: 'a1',
        peer: PEER,
        files: [
          { grant: 'grant-of-a.txt', name: 'a.txt' },
          { grant: 'grant-of-b.txt', name: 'b.txt' },
        ],
      },
    ]);
  });

  it("sends what main's open dialog picked as grants, sizes checked first", async () => {
    expect(canPickFiles()).toBe(false);
    window.parley = {
      invoke: () => Promise.resolve(),
      subscribe: () => () => undefined,
      pickFiles: () =>
        Promise.resolve([
          { grant: 'g1', name: 'report.pdf', size: 1000 },
          { grant: 'g2', name: 'huge.iso', size: 12 * MB },
        ]),
    } as unknown as Window['parley'];
    expect(canPickFiles()).toBe(true);
    const picked = await pickFiles();
    await sendFiles('a1', PEER, picked);
    expect(fake.callsOf('files.send').map((c) => c.files)).toEqual([
      [{ grant: 'g1', name: 'report.pdf' }],
    ]);
    expect(useFiles.getState().refusals[KEY]?.map((r) => r.name)).toEqual(['huge.iso']);
  });

  it('sends bytes as base64 without the preload, one file per call', async () => {
    expect(await grantFor(file('a.txt'))).toBeNull();
    await sendFiles('a1', PEER, [file('a.txt', 'hello'), file('b.bin', 'hi', '')]);
    expect(fake.callsOf('files.send').map((c) => c.files)).toEqual([
      [{ name: 'a.txt', mediaType: 'text/plain', base64: 'aGVsbG8=' }],
      [{ name: 'b.bin', mediaType: 'application/octet-stream', base64: 'aGk=' }],
    ]);
  });

  it('refuses more than 64 MB in the browser, where no path exists', async () => {
    setClient((fake = client(null)));
    await sendFiles('a1', PEER, [file('film.mkv', 'x', 'video/x-matroska', BROWSER_MAX_BYTES + 1)]);
    expect(fake.callsOf('files.send')).toEqual([]);
    expect(useFiles.getState().refusals[KEY]?.[0]?.reason).toMatch(
      /^It is 64 MB; in the browser Parley can send files up to 64 MB/,
    );
  });

  it('explains when the server has no upload service, or the account is offline', async () => {
    setClient((fake = client(null, false)));
    await sendFiles('a1', PEER, [file('a.txt')]);
    expect(useFiles.getState().refusals[KEY]?.[0]?.reason).toMatch(/offers no file upload/);
    useAccounts.getState().setAll([account({ state: 'disconnected' })]);
    await sendFiles('a1', PEER, [file('a.txt')]);
    expect(useFiles.getState().refusals[KEY]?.[0]?.reason).toMatch(/not connected/);
    expect(fake.callsOf('files.send')).toEqual([]);
  });

  it('keeps a local thumbnail of a sent image under its transfer', async () => {
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:local-1' }));
    await sendFiles('a1', PEER, [file('cat.png', 'png', 'image/png'), file('a.txt')]);
    expect(useFiles.getState().thumbnails).toEqual({ t1: 'blob:local-1' });
  });
});

describe('clipboard images', () => {
  it('takes only images and names generic ones', () => {
    const data = {
      files: [file('image.png', 'x', 'image/png'), file('doc.txt')],
    } as unknown as DataTransfer;
    const [image, ...rest] = clipboardImages(data, new Date(Date.UTC(2025, 0, 2, 3, 4, 5)));
    expect(rest).toEqual([]);
    expect(image?.name).toBe('Pasted image 2025-01-02 03.04.05.png');
    expect(image?.type).toBe('image/png');
  });
});
