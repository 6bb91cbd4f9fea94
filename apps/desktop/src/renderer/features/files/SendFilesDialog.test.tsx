import '../../test/jsdom.js';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { DirectSupport } from '@parley/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { account, transfer } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { useAccounts } from '../accounts/store';
import { SendFilesDialog } from './SendFilesDialog';
import { stageFiles } from './staging';

const PEER = 'bob@example.org';
const MB = 1024 * 1024;
let fake: FakeClient;

function client(support: DirectSupport, service = { available: true, maxSize: 10 * MB }) {
  let n = 0;
  const sent = (req: { peer: string; files: { name: string }[] }) =>
    req.files.map((f) =>
      transfer(`t${++n}`, { peer: req.peer, direction: 'upload', name: f.name }),
    );
  return new FakeClient()
    .handle('files.directSupport', () => support)
    .handle('files.uploadService', ({ accountId }) => ({ accountId, service: 'up', ...service }))
    .handle('files.send', sent)
    .handle('files.sendDirect', sent);
}

function file(name: string, size: number): File {
  const f = new File(['x'], name, { type: 'application/octet-stream' });
  Object.defineProperty(f, 'size', { value: size });
  return f;
}

async function open(files: File[], oneToOne = true) {
  stageFiles('a1', PEER, files);
  render(<SendFilesDialog accountId="a1" peer={PEER} peerName="Bob" oneToOne={oneToOne} />);
  return screen.findByTestId('send-files-dialog');
}

const YES: DirectSupport = { supported: true, transports: ['webrtc', 'socks5', 'ibb'] };

beforeEach(() => {
  resetStores();
  useAccounts.setState({ loaded: true, accounts: [account()] });
});
afterEach(() => {
  cleanup();
  setClient(null);
});

describe('the confirm step’s direct choice', () => {
  it('offers "Send directly" when the contact takes it, and sends with files.sendDirect', async () => {
    setClient((fake = client(YES)));
    await open([file('notes.bin', 2 * MB)]);
    const box = (await screen.findByTestId('send-direct')) as HTMLInputElement;
    expect(box.checked).toBe(false);
    expect(box.disabled).toBe(false);
    expect(screen.getByTestId('direct-choice').textContent).toContain(
      'Send directly (no copy on the server)',
    );
    fireEvent.click(box);
    fireEvent.click(screen.getByTestId('send-files-confirm'));
    await waitFor(() => expect(fake.callsOf('files.sendDirect')).toHaveLength(1));
    expect(fake.callsOf('files.sendDirect')[0]?.peer).toBe(PEER);
    expect(fake.callsOf('files.send')).toEqual([]);
  });

  it('sends through the server unless chosen', async () => {
    setClient((fake = client(YES)));
    await open([file('notes.bin', 2 * MB)]);
    await screen.findByTestId('send-direct');
    fireEvent.click(screen.getByTestId('send-files-confirm'));
    await waitFor(() => expect(fake.callsOf('files.send')).toHaveLength(1));
    expect(fake.callsOf('files.sendDirect')).toEqual([]);
  });

  it('chooses direct by itself, saying why, for a file over the server’s limit', async () => {
    setClient((fake = client(YES)));
    await open([file('small.bin', MB), file('film.mkv', 200 * MB)]);
    const box = (await screen.findByTestId('send-direct')) as HTMLInputElement;
    await waitFor(() => expect(box.checked).toBe(true));
    expect(box.disabled).toBe(true);
    expect(screen.getByTestId('direct-reason').textContent).toBe(
      'film.mkv is 200 MB, more than your server takes (10 MB), so it goes straight to the contact.',
    );
    fireEvent.click(screen.getByTestId('send-files-confirm'));
    await waitFor(() => expect(fake.callsOf('files.sendDirect')).toHaveLength(1));
    // No refusal for the size: the server's limit does not apply.
    expect(fake.callsOf('files.sendDirect')[0]?.files).toHaveLength(1);
    expect(screen.queryByTestId('file-refused')).toBeNull();
  });

  it('chooses direct by itself when the server has no upload service', async () => {
    setClient(client(YES, { available: false, maxSize: 0 }));
    await open([file('notes.bin', MB)]);
    const box = (await screen.findByTestId('send-direct')) as HTMLInputElement;
    await waitFor(() => expect(box.checked).toBe(true));
    expect(screen.getByTestId('direct-reason').textContent).toBe(
      'Your server offers no file upload, so the file goes straight to the contact.',
    );
  });

  it('shows no choice when the contact cannot take it, nor in a room', async () => {
    setClient((fake = client({ supported: false, transports: [] })));
    await open([file('notes.bin', MB)]);
    await waitFor(() => expect(fake.callsOf('files.directSupport')).toHaveLength(1));
    expect(screen.queryByTestId('direct-choice')).toBeNull();
    cleanup();
    resetStores();
    setClient((fake = client(YES)));
    await open([file('notes.bin', MB)], false);
    expect(screen.queryByTestId('direct-choice')).toBeNull();
    expect(fake.callsOf('files.directSupport')).toEqual([]);
  });
});
