import '../../test/jsdom.js';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { VirtuosoMockContext } from 'react-virtuoso';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadAllDeferred } from '../../ui/deferred';
import { App } from '../../app/App';
import { startApp } from '../../app/bootstrap';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { account, attachment, conversation, message, transfer } from '../../test/fixtures';
import { resetStores } from '../../test/reset';

const PEER = 'alice@example.org';
const URL_ = 'https://upload.example.org/abc/photo.png';
const MB = 1024 * 1024;
const openLink = { status: () => 'open' as const, onStatus: () => () => undefined };
let stop: (() => void) | null = null;

function Sized({ children }: { children: ReactNode }) {
  return (
    <VirtuosoMockContext.Provider value={{ viewportHeight: 800, itemHeight: 40 }}>
      {children}
    </VirtuosoMockContext.Provider>
  );
}

function chatClient() {
  let n = 0;
  return new FakeClient()
    .handle('accounts.list', () => [account()])
    .handle('conversations.list', () => [conversation(PEER, { name: 'Alice' })])
    .handle('conversations.open', ({ peer }) => conversation(peer, { name: 'Alice' }))
    .handle('transfers.list', () => [transfer('old', { state: 'active', peer: 'bob@example.org' })])
    .handle('messages.page', () => ({
      messages: [
        message('m1', { body: URL_, attachment: attachment({ url: URL_, size: 2 * MB }) }),
        message('m2', {
          body: `Look ${URL_}`,
          attachment: attachment({ url: URL_, name: 'other.png' }),
          timestamp: Date.UTC(2025, 0, 1, 12, 1),
        }),
      ],
      complete: true,
    }))
    .handle('files.uploadService', ({ accountId }) => ({
      accountId,
      available: true,
      service: 'upload.example.org',
      maxSize: 10 * MB,
    }))
    .handle('files.send', ({ accountId, peer, files }) =>
      files.map((f) =>
        transfer(`u${++n}`, {
          accountId,
          peer,
          direction: 'upload',
          state: 'queued',
          name: f.name,
        }),
      ),
    );
}

async function openChat(client: FakeClient) {
  stop = startApp(client, openLink);
  render(<App />, { wrapper: Sized });
  fireEvent.click(await screen.findByTestId(`conversation-${PEER}`));
  await waitFor(() => expect(screen.getAllByTestId('message')).toHaveLength(2));
}

// The app's deferred pieces (the conversation among them) in before the first test, as a
// static import had them: the first one loaded on a click would eat into the test's wait.
beforeAll(() => loadAllDeferred());
beforeEach(() => resetStores());
afterEach(() => {
  cleanup();
  stop?.();
  stop = null;
  setClient(null);
});

describe('files in a conversation', () => {
  it('shows a file card in place of the bare URL, and the body when it says more', async () => {
    await openChat(chatClient());
    const [first, second] = screen.getAllByTestId('message');
    expect(within(first!).getByTestId('file-card').dataset.state).toBe('offered');
    // (Virtuoso's mock context hides the list from role queries: look at the elements.)
    expect(first!.querySelector('a')).toBeNull();
    expect(first!.textContent).not.toContain(URL_);
    expect(within(second!).getByTestId('file-name').textContent).toBe('other.png');
    expect(second!.querySelector('.message-body a')?.getAttribute('href')).toBe(URL_);
  });

  it('follows transfer events on the card and counts active ones on the toggle', async () => {
    const client = chatClient();
    await openChat(client);
    expect(screen.getByTestId('transfers-count').textContent).toBe('1');
    act(() =>
      client.emit(
        'transfer.changed',
        transfer('d1', { messageId: 'm1', state: 'active', bytes: MB, size: 2 * MB, rate: MB }),
      ),
    );
    const card = within(screen.getAllByTestId('message')[0]!).getByTestId('file-card');
    expect(card.dataset.state).toBe('active');
    expect(within(card).getByTestId('file-progress').textContent).toContain('1 of 2 MB · 1 MB/s');
    expect(screen.getByTestId('transfers-count').textContent).toBe('2');
  });

  it('sends picked files, shows the upload until its message arrives', async () => {
    const client = chatClient();
    await openChat(client);
    expect(screen.getByTestId('drop-zone')).toBeTruthy();
    fireEvent.click(screen.getByTestId('attach-button'));
    const input = screen.getByTestId('attach-input') as HTMLInputElement;
    const picked = new File(['hello'], 'notes.txt', { type: 'text/plain' });
    fireEvent.change(input, { target: { files: [picked] } });
    // The confirm step first: name and size, and nothing sent until Send.
    const dialog = await screen.findByTestId('send-files-dialog');
    expect(within(dialog).getByTestId('staged-name').textContent).toBe('notes.txt');
    expect(within(dialog).getByTestId('staged-meta').textContent).toBe('5 bytes · Text file');
    expect(client.callsOf('files.send')).toHaveLength(0);
    fireEvent.click(within(dialog).getByTestId('send-files-confirm'));
    expect(screen.queryByTestId('send-files-dialog')).toBeNull();
    const pending = await screen.findByTestId('upload-u1');
    expect(within(pending).getByTestId('file-card').dataset.state).toBe('queued');
    expect(client.callsOf('files.send')[0]?.peer).toBe(PEER);
    act(() => {
      client.emit(
        'transfer.changed',
        transfer('u1', { direction: 'upload', state: 'done', messageId: 'm3', name: 'notes.txt' }),
      );
      client.emit(
        'message.added',
        message('m3', {
          direction: 'out',
          status: 'acked',
          body: 'https://upload.example.org/x/notes.txt',
          attachment: attachment({
            url: 'https://upload.example.org/x/notes.txt',
            name: 'notes.txt',
            mediaType: 'text/plain',
          }),
          timestamp: Date.UTC(2025, 0, 1, 12, 2),
        }),
      );
    });
    await waitFor(() => expect(screen.getAllByTestId('message')).toHaveLength(3));
    expect(screen.queryByTestId('upload-u1')).toBeNull();
    const sent = within(screen.getAllByTestId('message')[2]!).getByTestId('file-card');
    expect(sent.dataset.state).toBe('done');
    expect(sent.textContent).toContain('Sent');
  });

  it('sends a pasted image and refuses one over the limit in words', async () => {
    const client = chatClient();
    await openChat(client);
    const composer = screen.getByTestId('composer');
    fireEvent.paste(composer, { clipboardData: { files: [], types: ['text/plain'] } });
    const image = new File(['png'], 'image.png', { type: 'image/png' });
    fireEvent.paste(composer, { clipboardData: { files: [image], types: ['Files'] } });
    fireEvent.click(await screen.findByTestId('send-files-confirm'));
    await waitFor(() => expect(client.callsOf('files.send')).toHaveLength(1));
    const [sent] = client.callsOf('files.send')[0]!.files;
    expect(sent && 'name' in sent && sent.name).toMatch(/^Pasted image .*\.png$/);

    const huge = new File(['x'], 'huge.png', { type: 'image/png' });
    Object.defineProperty(huge, 'size', { value: 30 * MB });
    fireEvent.paste(composer, { clipboardData: { files: [huge], types: ['Files'] } });
    fireEvent.click(await screen.findByTestId('send-files-confirm'));
    const refused = await screen.findByTestId('file-refused');
    expect(refused.textContent).toBe(
      'huge.png was not sent. It is 30 MB; your server takes files up to 10 MB.',
    );
    expect(client.callsOf('files.send')).toHaveLength(1);
    fireEvent.click(screen.getByTestId('file-refused-dismiss'));
    expect(screen.queryByTestId('file-refused')).toBeNull();
  });

  it('confirms several files with a caption each; Cancel sends nothing', async () => {
    // Node's URL takes only its own Blobs; the page's blob: URL is all the dialog needs.
    vi.stubGlobal(
      'URL',
      Object.assign(URL, { createObjectURL: () => 'blob:local-1', revokeObjectURL: () => {} }),
    );
    const client = chatClient();
    await openChat(client);
    const input = screen.getByTestId('attach-input') as HTMLInputElement;
    const photo = new File(['png'], 'lake.png', { type: 'image/png' });
    const notes = new File(['hello'], 'notes.txt', { type: 'text/plain' });
    fireEvent.change(input, { target: { files: [photo, notes] } });
    let dialog = await screen.findByTestId('send-files-dialog', {}, { timeout: 5_000 });
    expect(within(dialog).getAllByTestId('staged-file')).toHaveLength(2);
    // An image shows its thumbnail, another file its kind's icon.
    expect(within(dialog).getAllByTestId('staged-preview')).toHaveLength(1);
    fireEvent.click(within(dialog).getByTestId('send-files-cancel'));
    expect(screen.queryByTestId('send-files-dialog')).toBeNull();
    expect(client.callsOf('files.send')).toHaveLength(0);

    fireEvent.change(input, { target: { files: [photo, notes] } });
    dialog = await screen.findByTestId('send-files-dialog', {}, { timeout: 5_000 });
    const [first, second] = within(dialog).getAllByTestId('staged-caption');
    fireEvent.change(first!, { target: { value: 'At the lake' } });
    fireEvent.change(second!, { target: { value: '   ' } });
    fireEvent.click(within(dialog).getByTestId('send-files-confirm'));
    // Files given as bytes go one per call: wait for both.
    const sent = () => client.callsOf('files.send').flatMap((c) => c.files);
    await waitFor(() => expect(sent()).toHaveLength(2), { timeout: 5_000 });
    expect(sent().map((f) => [f.name, f.caption])).toEqual([
      ['lake.png', 'At the lake'],
      ['notes.txt', undefined],
    ]);
  });
});
